import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'Enterprise',
    keyField: 'creditCode',
    knownKeys: (db) => db('enterprises').orderBy('credit_code').limit(200).pluck('credit_code'),
    unknownKey: '91310000MA1FL00000',
    selection: 'name',
  },
]);
