import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

// Audit adds a person's reads to population's Person, by the key every department uses.
describeSubgraphSchema(subgraph, { keys: { Person: 'id' } });
