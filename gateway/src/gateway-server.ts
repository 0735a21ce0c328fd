import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  closeServer,
  createDatabase,
  createHttpServer,
  createServiceMetrics,
  IdentitySigner,
  limitedErrorLog,
  listen,
  listenFor,
  migrateUp,
  operationLabeller,
  passLoop,
  type Database,
} from '@cityhub/kit';
import type { GraphQLSchema } from 'graphql';
import { Agent } from 'undici';
import { API_KEY_CHANGED_CHANNEL, ApiKeyStore } from './access/api-key-store.js';
import { createCallerVerifier } from './access/caller-verifier.js';
import { KeyUsage } from './access/key-usage.js';
import { CallerRateLimiter } from './access/rate-limiter.js';
import { requestContext } from './access/request-context.js';
import { TrustedDocumentStore } from './access/trusted-documents.js';
import { apiSchemaRoute } from './api-schema-route.js';
import { createApolloGateway } from './apollo-gateway.js';
import { startExportJobs } from './exports/export-jobs.js';
import { explorerPage } from './explorer-page.js';
import { FastOperations } from './fast-path/fast-operations.js';
import { withFastPath } from './fast-path/fast-path.js';
import { DEFAULT_LIMITS, type GatewayOptions, type RunningGateway } from './gateway-options.js';
import { gatewayRoutes } from './gateway-routes.js';
import { gatewayMigrations } from './migrations/index.js';
import { startLivenessProbe } from './liveness-probe.js';
import { DEFAULT_RESPONSE_CACHE, startResponseCache } from './response-cache/response-cache.js';

export * from './gateway-options.js';

/** How often the gateway adds its keys' usage counts to the database's totals. */
const KEY_USAGE_WRITE_MS = 5_000;

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger.child({ component: 'gateway' });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logError = limitedErrorLog(logger);
  const metrics = createServiceMetrics('gateway');
  const operationLabel = operationLabeller();
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
  const identitySigner = await IdentitySigner.create(options.identityPrivateKey, {
    oneShot: options.identityOneShot,
  });
  const responseCache = await startResponseCache({
    settings: { ...DEFAULT_RESPONSE_CACHE, ...options.responseCache },
    redisUrl: options.redisUrl,
    events: options.events,
    replicaName: options.port ? String(options.port) : randomUUID(),
    registry: metrics.registry,
    logger,
  });
  const fastOperations = options.fastPath === false ? null : new FastOperations();
  const { gateway, apollo, subgraphUrls, breakers, callers } = createApolloGateway({
    options,
    limits,
    agent,
    identitySigner,
    metrics,
    operationLabel,
    keyUsage,
    trustedDocuments,
    responseCachePlugin: responseCache.plugin,
    fastOperations,
    logError,
  });
  // Registered before the gateway loads its first supergraph.
  const apiSchema = apiSchemaRoute(gateway);
  let schemaNow: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    schemaNow = loaded;
    fastOperations?.schemaChanged(loaded);
  });
  await apollo.start();
  const stopProbe = startLivenessProbe({ subgraphUrls, breakers, agent });
  const contextOf = requestContext({
    verifyCaller,
    rateLimiter,
    keyUsage,
    trustedProxies,
    failedCredentialsPerMinute: limits.failedCredentialsPerMinute,
  });
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
  const httpServer: http.Server = createHttpServer({
    apollo: fastOperations
      ? withFastPath(apollo, {
          operations: fastOperations,
          subgraphs: callers,
          metrics,
          operationLabel,
          keyUsage,
          trustedDocuments,
        })
      : apollo,
    logger,
    maxBodyBytes: limits.maxBodyBytes,
    corsOrigins: options.corsOrigins,
    context: contextOf,
    postRoutes: exportJobs?.postRoutes,
    browserPage: explorerPage(options.explorerHeaders),
    routes: gatewayRoutes({
      options,
      db,
      subgraphUrls,
      breakers,
      agent,
      server: () => httpServer,
      port: () => port,
      verifyCaller,
      rateLimiter,
      trustedProxies,
      identitySigner,
      trustedDocuments,
      apiSchema,
      exportRoutes: exportJobs?.getRoutes,
      metrics,
      logger,
    }),
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
