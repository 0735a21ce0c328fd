import { runSubgraphProcess } from '@cityhub/kit';
import { subgraph } from './index.js';

await runSubgraphProcess(subgraph, 4100);
