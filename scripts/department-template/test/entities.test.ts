import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'TmplOffice',
    keyField: 'code',
    knownKeys: (db) => db('offices').orderBy('code').limit(10).pluck('code'),
    unknownKey: '310199999',
    selection: 'name',
  },
]);
