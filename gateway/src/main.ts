import { createLogger, onShutdown, parseConfig } from '@cityhub/kit';
import { gatewayEnvironment, subgraphUrls } from './config.js';
import { startGateway } from './gateway-server.js';
import { supergraphFromFile } from './supergraph-file.js';

const config = parseConfig(gatewayEnvironment);
// @apollo/gateway reads this variable itself when it is constructed.
process.env.APOLLO_TELEMETRY_DISABLED = config.APOLLO_TELEMETRY_DISABLED;
const logger = createLogger('cityhub-gateway', config.LOG_LEVEL);
const gateway = await startGateway({
  supergraph: supergraphFromFile(config.SUPERGRAPH_FILE, logger),
  subgraphUrls: subgraphUrls(config),
  port: config.PORT,
  host: config.HOST,
  logger,
  subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
});
onShutdown(logger, [gateway.stop]);
