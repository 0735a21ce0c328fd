import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'Site',
    keyField: 'id',
    knownKeys: async (db) => (await db('sites').orderBy('id').limit(100).pluck('id')).map(String),
    unknownKey: '999999999',
    selection: 'name',
  },
]);
