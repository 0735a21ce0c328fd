import { createLogger, runSubgraphProcess } from '@cityhub/kit';
import { gatewaySettingsOf, riskConfig } from './config.js';
import { subgraph } from './index.js';
import { scheduleNightlyRuns } from './managers/run-schedule.js';

await runSubgraphProcess(subgraph, 4005);
const config = riskConfig();
// The schedule lives and dies with the subgraph process; a run cut off by a stop is rerun later.
scheduleNightlyRuns(
  config,
  gatewaySettingsOf(config),
  createLogger('cityhub-risk-schedule', config.LOG_LEVEL),
);
