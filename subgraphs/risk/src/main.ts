import { createLogger, runSubgraphProcess } from '@cityhub/kit';
import { gatewaySettingsOf } from './config.js';
import { subgraph } from './index.js';
import { scheduleNightlyRuns } from './managers/run-schedule.js';

const { config, databaseUrl, settings } = await runSubgraphProcess(subgraph, 4005);
// The schedule lives and dies with the subgraph process; a run cut off by a stop is rerun later.
scheduleNightlyRuns(
  { ...settings, RISK_DATABASE_URL: databaseUrl, LOG_LEVEL: config.LOG_LEVEL },
  gatewaySettingsOf(settings),
  createLogger('cityhub-risk-schedule', config.LOG_LEVEL),
);
