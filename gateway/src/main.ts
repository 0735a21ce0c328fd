import type { KeyObject } from 'node:crypto';
import {
  SERVICE_IDENTITIES,
  createLogger,
  isDevelopmentEnvironment,
  onShutdown,
  startTracing,
  parseConfig,
  privateKeyFromSetting,
  publicKeysFromSetting,
  serviceKeyVariable,
} from '@cityhub/kit';
import { gatewayEnvironment, subgraphUrls, type GatewayConfig } from './config.js';
import { startGateway } from './gateway-server.js';
import { supergraphFromFile } from './supergraph-file.js';

const config = parseConfig(gatewayEnvironment) as GatewayConfig;
// @apollo/gateway reads this variable itself when it is constructed.
process.env.APOLLO_TELEMETRY_DISABLED = config.APOLLO_TELEMETRY_DISABLED;
const logger = createLogger('cityhub-gateway', config.LOG_LEVEL);
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: no outbound call by default.
const tracing = await startTracing('cityhub-gateway');
const gateway = await startGateway({
  supergraph: supergraphFromFile(config.SUPERGRAPH_FILE, logger),
  subgraphUrls: subgraphUrls(config),
  port: config.PORT,
  host: config.HOST,
  logger,
  subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
  jwtSecret: config.JWT_SECRET ?? '',
  jwtPublicKey: config.JWT_PUBLIC_KEY,
  identityPrivateKey: privateKeyFromSetting(config.HUB_IDENTITY_PRIVATE_KEY),
  servicePublicKeys: servicePublicKeys(config),
  databaseUrl: config.GATEWAY_DATABASE_URL ?? config.DATABASE_URL,
  redisUrl: config.REDIS_URL,
  corsOrigins: config.CORS_ORIGINS,
  introspection: config.INTROSPECTION ?? isDevelopmentEnvironment(config),
  automaticPersistedQueries: config.AUTOMATIC_PERSISTED_QUERIES ?? isDevelopmentEnvironment(config),
  limits: {
    maxDepth: config.MAX_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxTokens: config.MAX_TOKENS,
    maxCost: config.MAX_COST,
    maxBodyBytes: config.MAX_BODY_BYTES,
    userRequestsPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
    anonymousRequestsPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    failedCredentialsPerMinute: config.RATE_LIMIT_FAILED_CREDENTIALS_PER_MINUTE,
  },
  trustedProxies: config.TRUSTED_PROXIES,
  metricsToken: config.METRICS_TOKEN,
  exportJobs: config.EXPORT_JOBS
    ? { linkTtlSeconds: config.EXPORT_LINK_TTL_SECONDS, cleanupCron: config.EXPORT_CLEANUP_CRON }
    : undefined,
  explorerHeaders: config.EXPLORER_AUTHORIZATION
    ? { Authorization: config.EXPLORER_AUTHORIZATION }
    : undefined,
});
onShutdown(logger, [gateway.stop, ...(tracing ? [tracing.stop] : [])]);

function servicePublicKeys(settings: GatewayConfig) {
  const keys = new Map<string, KeyObject[]>();
  for (const service of Object.keys(SERVICE_IDENTITIES)) {
    const setting = (settings as Record<string, unknown>)[serviceKeyVariable(service, 'PUBLIC')];
    if (typeof setting === 'string') keys.set(service, publicKeysFromSetting(setting, service));
  }
  return keys;
}
