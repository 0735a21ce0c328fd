import { randomUUID, type KeyObject } from 'node:crypto';
import type http from 'node:http';
import { ApolloGateway, type SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  closeServer,
  createDatabase,
  createHttpServer,
  createServiceMetrics,
  headerValue,
  IdentitySigner,
  isDraining,
  limitedErrorLog,
  metricsPlugin,
  listen,
  listenFor,
  migrateUp,
  passLoop,
  sendJson,
  type Database,
  type EventBusSettings,
  type Logger,
} from '@cityhub/kit';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLSchema } from 'graphql';
import { Agent } from 'undici';
import { API_KEY_CHANGED_CHANNEL, ApiKeyStore } from './access/api-key-store.js';
import { createCallerVerifier } from './access/caller-verifier.js';
import type { GatewayContext } from './access/gateway-context.js';
import { IdentityDataSource, type IdentityRequest } from './access/identity-data-source.js';
import { KeyUsage } from './access/key-usage.js';
import { operationPolicyPlugin } from './access/operation-policy.js';
import { clientAddress } from './access/client-address.js';
import { queryCostPlugin } from './access/query-cost.js';
import { CallerRateLimiter } from './access/rate-limiter.js';
import { eventStreamProxy, eventStreamUrlOf } from './event-stream-proxy.js';
import { TrustedDocumentStore, automaticPersistedQueries } from './access/trusted-documents.js';
import { trustedDocumentsPlugin } from './access/trusted-documents-plugin.js';
import { apiSchemaRoute } from './api-schema-route.js';
import { csvExportRoute } from './csv-export.js';
import { startExportJobs, type ExportJobSettings } from './exports/export-jobs.js';
import { explorerPage } from './explorer-page.js';
import { screenRoutes } from './screen-route.js';
import { publicError } from './public-error.js';
import { gatewayMigrations } from './migrations/index.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { clientMistakesPlugin } from './client-mistakes.js';
import { startLivenessProbe } from './liveness-probe.js';
import { readiness } from './readiness.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';
import { AnswerTrace } from './response-cache/answer-trace.js';
import {
  DEFAULT_RESPONSE_CACHE,
  startResponseCache,
  stringifyResult,
  type ResponseCacheSettings,
} from './response-cache/response-cache.js';

/** How often the gateway adds its keys' usage counts to the database's totals. */
const KEY_USAGE_WRITE_MS = 5_000;

export interface GatewayLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxBodyBytes: number;
  userRequestsPerMinute: number;
  anonymousRequestsPerMinute: number;
  /** Failed credentials (unknown keys, bad tokens) per client address, counted before any lookup. */
  failedCredentialsPerMinute: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4_000,
  maxCost: 100_000,
  maxBodyBytes: 100_000,
  userRequestsPerMinute: 3_000,
  anonymousRequestsPerMinute: 120,
  failedCredentialsPerMinute: 30,
};

export interface GatewayOptions {
  /** Where the supergraph comes from: a watched file, or SDL given directly (tests). */
  supergraph: SupergraphSdlHook | string;
  /** Overrides of the subgraph URLs written in the supergraph, by subgraph name. */
  subgraphUrls?: Map<string, string>;
  port: number;
  host?: string;
  logger: Logger;
  subgraphTimeoutMs?: number;
  /** The undici agent's connections per subgraph and pipelining depth (128 and 1 unless set). */
  subgraphConnections?: { connections: number; pipelining: number };
  jwtSecret: string;
  jwtPublicKey?: string;
  /** The gateway's Ed25519 key: it alone signs the identities the subgraphs accept. */
  identityPrivateKey: KeyObject;
  /** Public keys of the hub's machine callers (the risk run), by service name. */
  servicePublicKeys?: Map<string, KeyObject[]>;
  /** The gateway's own schema for API keys; without it only tokens are accepted. */
  databaseUrl?: string;
  redisUrl?: string;
  corsOrigins?: string[];
  introspection?: boolean;
  limits?: Partial<GatewayLimits>;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (the anonymous limit). */
  trustedProxies?: string[];
  /** Bearer token for /metrics; without it /metrics answers loopback callers only. */
  metricsToken?: string;
  /** Headers the explorer page starts with (the demo's development token). */
  explorerHeaders?: Record<string, string>;
  /** Apollo's automatic persisted queries: any client may register any document. Development only. */
  automaticPersistedQueries?: boolean;
  /** The response cache of answers shared by rights (in Redis with `redisUrl`). */
  responseCache?: Partial<ResponseCacheSettings>;
  /** The hub's event bus: changes made elsewhere make cached answers stale. */
  events?: EventBusSettings;
  /** Asynchronous CSV exports (pg-boss on the gateway's database); off without it. */
  exportJobs?: ExportJobSettings;
}

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: http.Server;
  apiKeys: ApiKeyStore | null;
  trustedDocuments: TrustedDocumentStore | null;
  keyUsage: KeyUsage;
  stop(): Promise<void>;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger.child({ component: 'gateway' });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logError = limitedErrorLog(logger);
  const metrics = createServiceMetrics('gateway');
  const agent = new Agent({
    connections: 128,
    pipelining: 1,
    ...options.subgraphConnections,
    keepAliveTimeout: 30_000,
  });
  let db: Database | undefined;
  if (options.databaseUrl) {
    db = createDatabase({ url: options.databaseUrl, schema: 'gateway', poolMax: 4, logger });
    await migrateUp(db, 'gateway', gatewayMigrations);
  }
  const apiKeys = db ? new ApiKeyStore(db) : null;
  const trustedDocuments = db ? new TrustedDocumentStore(db) : null;
  const keyUsage = new KeyUsage(metrics.registry, apiKeys, logger);
  // The integrators API is another process: it sees keys' usage once written, and changes made
  // through it reach this gateway's key cache by NOTIFY at once.
  const usageWriter = apiKeys
    ? passLoop(
        async () => {
          await keyUsage.write();
          return false;
        },
        KEY_USAGE_WRITE_MS,
        logger,
        'writing key usage',
      )
    : null;
  const keyChanges = options.databaseUrl
    ? listenFor(options.databaseUrl, API_KEY_CHANGED_CHANNEL, (id) => apiKeys?.forget(id), logger)
    : null;
  const verifyCaller = await createCallerVerifier({
    jwtSecret: options.jwtSecret,
    jwtPublicKey: options.jwtPublicKey,
    apiKeys,
    servicePublicKeys: options.servicePublicKeys,
    userRequestsPerMinute: limits.userRequestsPerMinute,
    anonymousRequestsPerMinute: limits.anonymousRequestsPerMinute,
  });
  const rateLimiter = new CallerRateLimiter(options.redisUrl);
  const trustedProxies = new Set(options.trustedProxies ?? []);
  const identitySigner = await IdentitySigner.create(options.identityPrivateKey);
  const responseCache = await startResponseCache({
    settings: { ...DEFAULT_RESPONSE_CACHE, ...options.responseCache },
    redisUrl: options.redisUrl,
    events: options.events,
    replicaName: options.port ? String(options.port) : randomUUID(),
    registry: metrics.registry,
    logger,
  });

  // By subgraph name, kept across supergraph reloads: where readiness asks, and each one's circuit.
  const subgraphUrls = new Map<string, string>();
  const breakers = new Map<string, CircuitBreaker>();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraph as SupergraphSdlHook,
    logger,
    buildService: ({ name, url }) => {
      const subgraphUrl = options.subgraphUrls?.get(name) ?? url!;
      subgraphUrls.set(name, subgraphUrl);
      if (!breakers.has(name)) breakers.set(name, new CircuitBreaker());
      return new IdentityDataSource(name, {
        url: subgraphUrl,
        fetcher: createSubgraphFetcher({
          subgraph: name,
          agent,
          timeoutMs: options.subgraphTimeoutMs ?? 10_000,
          breaker: breakers.get(name),
          signIdentity: (identityRequest, body) => {
            const { caller, operation } = JSON.parse(identityRequest) as IdentityRequest;
            return identitySigner.sign({ caller, operation, audience: name, body });
          },
        }) as never,
      });
    },
  });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    // Tokens are limited by graphql-js's own parser (parseOptions below): armor's re-parse turns syntax errors into HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: options.introspection === false },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    // Apollo turns introspection off by itself when NODE_ENV is production, admins included; who may
    // introspect is decided by operationPolicyPlugin instead.
    introspection: true,
    persistedQueries: {
      cache: automaticPersistedQueries(options.automaticPersistedQueries ?? false),
    },
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // The gateway's shutdown drains requests first; Apollo's own handler would stop it mid-request.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: (formatted) => publicError(formatted, logError),
    stringifyResult,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      metricsPlugin(metrics) as ApolloServerPlugin<GatewayContext>,
      trustedDocumentsPlugin({
        store: trustedDocuments,
        usage: keyUsage,
      }),
      operationPolicyPlugin({ introspection: options.introspection ?? true }),
      responseCache.plugin,
      queryCostPlugin(limits.maxCost) as ApolloServerPlugin<GatewayContext>,
      clientMistakesPlugin(),
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
    ],
  });
  // Registered before the gateway loads its first supergraph.
  const apiSchema = apiSchemaRoute(gateway);
  let schemaNow: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => void (schemaNow = loaded));
  await apollo.start();
  const stopProbe = startLivenessProbe({ subgraphUrls, breakers, agent });
  const ready = async (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const report = await readiness({
      db,
      subgraphUrls,
      breakers,
      agent,
      draining: isDraining(httpServer),
    });
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  };
  const contextOf = async (req: http.IncomingMessage): Promise<GatewayContext> => {
    const address = clientAddress(req, trustedProxies);
    const credentials = {
      authorization: headerValue(req.headers.authorization),
      apiKey: headerValue(req.headers['x-api-key']),
      purpose: headerValue(req.headers['x-purpose']),
      purposeNote: headerValue(req.headers['x-purpose-note']),
    };
    // Before any lookup: a client sending made-up keys or tokens is stopped by its address.
    const presentsCredential = Boolean(credentials.authorization || credentials.apiKey);
    const failures = `failed-credentials:${address}`;
    if (presentsCredential)
      await rateLimiter.refuseIfExhausted(failures, limits.failedCredentialsPerMinute);
    let verified: Awaited<ReturnType<typeof verifyCaller>>;
    try {
      verified = await verifyCaller(credentials);
    } catch (error) {
      if (presentsCredential) await rateLimiter.count(failures, limits.failedCredentialsPerMinute);
      throw error;
    }
    const limitKey =
      verified.caller.kind === 'anonymous'
        ? `ip:${address}`
        : `${verified.caller.kind}:${verified.caller.id}`;
    await rateLimiter.consume(limitKey, verified.requestsPerMinute).catch((error: unknown) => {
      if (verified.apiKey) keyUsage.recordRateLimited(verified.apiKey.id);
      throw error;
    });
    return {
      caller: verified.caller,
      registeredOperationsOnly: verified.registeredOperationsOnly,
      apiKey: verified.apiKey ?? null,
      answer: new AnswerTrace(),
    };
  };
  const exportJobs =
    db && options.databaseUrl && trustedDocuments && options.exportJobs
      ? await startExportJobs({
          settings: options.exportJobs,
          db,
          databaseUrl: options.databaseUrl,
          apollo,
          documents: trustedDocuments,
          apiKeys,
          identityPrivateKey: options.identityPrivateKey,
          contextOf,
          schema: () => schemaNow,
          maxBodyBytes: limits.maxBodyBytes,
          logger,
        })
      : null;
  const httpServer = createHttpServer<GatewayContext>({
    apollo,
    logger,
    maxBodyBytes: limits.maxBodyBytes,
    corsOrigins: options.corsOrigins,
    context: contextOf,
    postRoutes: exportJobs?.postRoutes,
    browserPage: explorerPage(options.explorerHeaders),
    routes: {
      '/health/live': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/health/ready': ready,
      // Kept for existing probes: the same as readiness, never 200 while a part is down.
      '/health': ready,
      '/events/stream': eventStreamProxy({
        upstream: eventStreamUrlOf(options.subgraphUrls, options.supergraph),
        verifyCaller,
        rateLimiter,
        clientAddress: (req) => clientAddress(req, trustedProxies),
        // Signed for the events subgraph and this request's query string, as every GET is.
        signIdentity: (caller, search) =>
          identitySigner.sign({
            caller,
            operation: 'events-stream',
            audience: 'events',
            body: search,
          }),
        logger,
      }),
      '/schema.graphql': apiSchema,
      ...screenRoutes(),
      ...exportJobs?.getRoutes,
      ...(trustedDocuments && {
        '/export.csv': csvExportRoute({
          documents: trustedDocuments,
          graphqlUrl: () => `http://127.0.0.1:${port}/graphql`,
        }),
      }),
      '/': (_req, res) => {
        res.writeHead(302, { location: '/graphql' });
        res.end();
      },
      '/metrics': async (req, res) => {
        // Request counts by operation and client behaviour are for the operators' scraper only.
        const allowed = options.metricsToken
          ? headerValue(req.headers.authorization) === `Bearer ${options.metricsToken}`
          : isLoopback(req.socket.remoteAddress);
        if (!allowed) return sendJson(res, 403, { status: 'forbidden' });
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
  });
  const port = await listen(httpServer, options.port, options.host ?? '0.0.0.0');
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    port,
    httpServer,
    apiKeys,
    trustedDocuments,
    keyUsage,
    async stop() {
      stopProbe();
      await closeServer(httpServer);
      await exportJobs?.stop();
      await apollo.stop();
      await agent.close();
      await rateLimiter.close();
      await responseCache.stop();
      await usageWriter?.stop();
      await keyUsage.write().catch((error: unknown) => {
        logger.warn({ err: error }, 'key usage not written at shutdown');
      });
      await keyChanges?.close();
      await db?.destroy();
    },
  };
}
