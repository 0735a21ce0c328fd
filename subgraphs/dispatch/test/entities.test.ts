import { describeEntityResolution } from '../../../test/support/entities.js';
import { subgraph } from '../src/index.js';

describeEntityResolution(subgraph, [
  {
    typename: 'WorkOrder',
    keyField: 'id',
    knownKeys: async (db) =>
      (await db('work_orders').orderBy('id').limit(100).pluck('id')).map(String),
    unknownKey: '999999999999',
    selection: 'title status level',
  },
]);
