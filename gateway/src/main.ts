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
  jwtSecret: config.JWT_SECRET,
  jwtPublicKey: config.JWT_PUBLIC_KEY,
  internalSecret: config.HUB_INTERNAL_SECRET,
  databaseUrl: config.GATEWAY_DATABASE_URL ?? config.DATABASE_URL,
  redisUrl: config.REDIS_URL,
  corsOrigins: config.CORS_ORIGINS,
  introspection: config.INTROSPECTION ?? config.NODE_ENV !== 'production',
  automaticPersistedQueries:
    config.AUTOMATIC_PERSISTED_QUERIES ?? config.NODE_ENV === 'development',
  limits: {
    maxDepth: config.MAX_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxTokens: config.MAX_TOKENS,
    maxCost: config.MAX_COST,
    maxBodyBytes: config.MAX_BODY_BYTES,
    userRequestsPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
    anonymousRequestsPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
  },
  explorerHeaders: config.EXPLORER_AUTHORIZATION
    ? { Authorization: config.EXPLORER_AUTHORIZATION }
    : undefined,
});
onShutdown(logger, [gateway.stop]);
