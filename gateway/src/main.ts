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
  subgraphConnections: {
    connections: config.SUBGRAPH_CONNECTIONS,
    pipelining: config.SUBGRAPH_PIPELINING,
  },
  fastPath: config.GATEWAY_FAST_PATH,
  identityOneShot: config.IDENTITY_ONE_SHOT,
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
  responseCache: {
    ttlSeconds: config.RESPONSE_CACHE_TTL_SECONDS,
    maxBytes: config.RESPONSE_CACHE_MAX_MB * 1_000_000,
    redisPrefix: config.RESPONSE_CACHE_REDIS_PREFIX,
  },
  events: eventBusOf(config),
  metricsToken: config.METRICS_TOKEN,
  exportJobs: config.EXPORT_JOBS
    ? { linkTtlSeconds: config.EXPORT_LINK_TTL_SECONDS, cleanupCron: config.EXPORT_CLEANUP_CRON }
    : undefined,
  explorerHeaders: config.EXPLORER_AUTHORIZATION
    ? { Authorization: config.EXPLORER_AUTHORIZATION }
    : undefined,
});
onShutdown(logger, [gateway.stop, ...(tracing ? [tracing.stop] : [])]);

/** The hub's event bus, when the gateway knows one (NATS, or the database holding the event log). */
function eventBusOf(settings: GatewayConfig) {
  const databaseUrl = settings.EVENTS_DATABASE_URL ?? settings.DATABASE_URL;
  if (!settings.NATS_URL && !databaseUrl) return undefined;
  return {
    natsUrl: settings.NATS_URL,
    natsPrefix: settings.EVENTS_NATS_PREFIX,
    databaseUrl: databaseUrl ?? '',
    pollMs: settings.EVENTS_POLL_MS,
  };
}

function servicePublicKeys(settings: GatewayConfig) {
  const keys = new Map<string, KeyObject[]>();
  for (const service of Object.keys(SERVICE_IDENTITIES)) {
    const setting = (settings as Record<string, unknown>)[serviceKeyVariable(service, 'PUBLIC')];
    if (typeof setting === 'string') keys.set(service, publicKeysFromSetting(setting, service));
  }
  return keys;
}
