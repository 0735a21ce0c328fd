import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, { keys: { TmplOffice: 'code' } });
