import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, {
  keys: { City: 'code', District: 'code', Street: 'code', Community: 'code', Person: 'id' },
});
