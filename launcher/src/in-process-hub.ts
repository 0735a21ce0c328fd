import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  departmentSettingsOrThrow,
  startSubgraph,
  type EventBusSettings,
  type Logger,
  type RunningSubgraph,
} from '@cityhub/kit';
import {
  startGateway,
  type GatewayLimits,
  type ResponseCacheSettings,
  type RunningGateway,
} from '@cityhub/gateway';
import { composeSupergraph } from '@cityhub/schema';
import type { SubgraphModule } from './subgraph-modules.js';

export interface InProcessHub {
  gateway: RunningGateway;
  subgraphs: Map<string, RunningSubgraph>;
  supergraphSdl: string;
  stop(): Promise<void>;
}

export interface InProcessHubOptions {
  modules: SubgraphModule[];
  databaseUrlOf: (subgraph: string) => string;
  /** The hub's database: the gateway's API keys and the audit log. */
  hubDatabaseUrl: string;
  personIdKey: string;
  jwtSecret: string;
  /** The gateway's identity key; the subgraphs get its public half. */
  identityKey: KeyObject;
  /** Public keys of machine callers (the risk run), by service name. */
  servicePublicKeys?: Map<string, KeyObject[]>;
  logger: Logger;
  limits?: Partial<GatewayLimits>;
  introspection?: boolean;
  redisUrl?: string;
  corsOrigins?: string[];
  /** Run the event layer (outbox relays, the events subgraph's consumers) on this bus. */
  events?: EventBusSettings;
  automaticPersistedQueries?: boolean;
  /** The gateway's response cache (default: 30 s, in memory, or in Redis with `redisUrl`). */
  responseCache?: Partial<ResponseCacheSettings>;
  trustedProxies?: string[];
  metricsToken?: string;
  /** Asynchronous CSV exports; off unless a test asks for them (they start a pg-boss worker). */
  exportJobs?: Parameters<typeof startGateway>[0]['exportJobs'];
  /** The gateway's fast path (on unless false). */
  fastPath?: boolean;
  /** The subgraphs' compiled execution of hot operations (on unless false). */
  compiledExecution?: boolean;
}

/**
 * The real subgraphs and the real gateway in one process, on free ports, talking HTTP: what the
 * end-to-end tests and the benchmark run against.
 */
export async function startHubInProcess(options: InProcessHubOptions): Promise<InProcessHub> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const subgraphs = new Map<string, RunningSubgraph>();
  for (const { subgraph } of options.modules) {
    const running = await startSubgraph(subgraph, {
      databaseUrl: options.databaseUrlOf(subgraph.name),
      port: 0,
      logger: options.logger,
      personIdKey: options.personIdKey,
      migrate: true,
      identityPublicKeys: [createPublicKey(options.identityKey)],
      auditDatabaseUrl: options.databaseUrlOf('audit'),
      events: options.events,
      compiledExecution: options.compiledExecution,
      // Like the keys above, given rather than demanded: a department's secrets take their
      // development values here, also when a test switches NODE_ENV to production for the gateway.
      settings: departmentSettingsOrThrow(subgraph, { ...process.env, HUB_ENV: 'test' }),
    });
    subgraphs.set(subgraph.name, running);
  }
  const supergraphSdl = composeSupergraph(
    options.modules.map(({ entry }) => entry),
    (entry) => subgraphs.get(entry.name)!.url,
  );
  const gateway = await startGateway({
    supergraph: supergraphSdl,
    port: 0,
    host: '127.0.0.1',
    logger: options.logger,
    jwtSecret: options.jwtSecret,
    identityPrivateKey: options.identityKey,
    servicePublicKeys: options.servicePublicKeys,
    databaseUrl: options.hubDatabaseUrl,
    limits: options.limits,
    introspection: options.introspection,
    redisUrl: options.redisUrl,
    corsOrigins: options.corsOrigins,
    automaticPersistedQueries: options.automaticPersistedQueries,
    trustedProxies: options.trustedProxies,
    metricsToken: options.metricsToken,
    responseCache: options.responseCache,
    events: options.events,
    exportJobs: options.exportJobs,
    fastPath: options.fastPath,
  });
  return {
    gateway,
    subgraphs,
    supergraphSdl,
    async stop() {
      await gateway.stop();
      for (const running of subgraphs.values()) await running.stop();
    },
  };
}
