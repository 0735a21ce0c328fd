import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

// Integrators owns no entity: keys are reached from its root fields only.
describeSubgraphSchema(subgraph, { keys: {} });
