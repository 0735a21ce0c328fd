import { identityWatched } from './answer-scope.js';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError } from 'graphql';
import { applyAccessRules } from './access-rules.js';
import { AuditRecorder, AuditWriter } from './audit-log.js';
import { IdentityVerifier } from './identity-header.js';
import { createDatabase } from './database.js';
import { asSchemaOwner } from './database-roles.js';
import { openEventBus } from './events/open-bus.js';
import { startOutboxRelay } from './events/relay.js';
import { closeServer, createHttpServer, listen, sendJson } from './http-server.js';
import { readinessRoute, requestIdentities } from './subgraph-requests.js';
import { readSubgraphTypeDefs } from './schema-includes.js';
import { limitedErrorLog } from './log-limiter.js';
import { createServiceMetrics } from './metrics.js';
import { migrateUp } from './migrations.js';
import { departmentStartSettings, startDepartmentWork } from './department-work.js';
import { openReadDatabase } from './read-database.js';
import { traceStatements } from './tracing.js';

export type {
  SubgraphBaseContext,
  SubgraphDefinition,
  SubgraphRuntime,
  SubgraphRuntimeOptions,
  RunningSubgraph,
} from './subgraph-definition.js';
export { hideInternals, isDatabaseUnavailable } from './subgraph-errors.js';
import type {
  RunningSubgraph,
  SubgraphBaseContext,
  SubgraphDefinition,
  SubgraphRuntime,
  SubgraphRuntimeOptions,
} from './subgraph-definition.js';
import { subgraphApolloServer } from './subgraph-server-apollo.js';

/** A gateway gives up on a subgraph after 10 s; its statement should not outlive that for long. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export function readTypeDefs(definition: Pick<SubgraphDefinition, 'schemaFile'>) {
  return readSubgraphTypeDefs(definition.schemaFile);
}

export async function startSubgraph<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  options: SubgraphRuntimeOptions,
): Promise<RunningSubgraph> {
  const { settings, feedBus } = departmentStartSettings(definition, options);
  const logger = options.logger.child({ subgraph: definition.name });
  const metrics = createServiceMetrics(definition.name);
  // Migrations run as the department's owner role; the service's own statements as its runtime
  // role, which has its schema's rows and nothing else.
  const databaseSchema = definition.databaseSchema ?? definition.name;
  const { runtimeRole } = await asSchemaOwner(
    { url: options.databaseUrl, schema: databaseSchema, logger, poolMax: 1 },
    async (owner) => {
      if (options.migrate) await migrateUp(owner, databaseSchema, definition.migrations);
    },
  );
  const databaseOptions = {
    url: options.databaseUrl,
    schema: databaseSchema,
    poolMax: options.poolMax,
    logger,
    onStatement: () => metrics.sqlStatements.inc(),
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    role: runtimeRole,
    preparedStatements: options.preparedStatements ?? true,
  };
  const db = createDatabase(databaseOptions);
  const reads = openReadDatabase(db, { ...databaseOptions, readUrl: options.readDatabaseUrl });
  traceStatements(db);
  if (reads.readDb !== db) traceStatements(reads.readDb);
  const schema = applyAccessRules(
    buildSubgraphSchema({
      typeDefs: readTypeDefs(definition),
      resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
    }),
    {
      disclosure: {
        threshold: options.smallCountThreshold ?? 5,
        roundingBase: options.countRoundingBase ?? 5,
      },
    },
  );
  const auditWriter = new AuditWriter(options.auditDatabaseUrl, logger);
  await auditWriter.reachable();
  const auditUnavailable = () => auditWriter.unavailableReason;
  const apollo = subgraphApolloServer<TContext>({
    schema,
    subgraph: definition.name,
    logError: limitedErrorLog(logger),
    metrics,
    auditWriter,
    compiledExecution: options.compiledExecution ?? true,
  });
  await apollo.start();
  const identityVerifier = await IdentityVerifier.create({
    audience: definition.name,
    publicKeys: options.identityPublicKeys,
    oneShot: options.identityOneShot,
  });
  const bus = options.events ? await openEventBus(options.events, logger) : null;
  const runtime: SubgraphRuntime<TSettings> = {
    db,
    settings,
    databaseUrl: options.databaseUrl,
    logger,
    bus,
    personIdKey: options.personIdKey,
    verifyIdentity: async (req) => {
      const identity = await verifyRequest(req);
      return 'refused' in identity ? null : identity.caller;
    },
  };
  const relay =
    bus && definition.outbox
      ? startOutboxRelay({
          db,
          databaseUrl: options.databaseUrl,
          schema: definition.outbox.schema,
          bus,
          logger,
          pollMs: options.events?.pollMs,
        })
      : null;
  const background = await startDepartmentWork(definition, runtime, feedBus);
  const ready = readinessRoute({
    subgraph: definition.name,
    db,
    auditWriter,
    server: () => httpServer,
  });
  const httpServer = createHttpServer({
    apollo,
    logger,
    context: async (req) => {
      const identity = await verifyRequest(req);
      // Department data are reached only through the gateway, which signs the caller's identity
      // for this subgraph and this very body, once.
      if ('refused' in identity) {
        logger.warn({ refused: identity.refused }, 'identity header refused');
        throw new GraphQLError('Requests must come through the hub gateway.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      const audit = new AuditRecorder(
        identity.caller,
        identity.operation,
        definition.name,
        auditUnavailable,
      );
      return definition.createContext({
        db,
        settings,
        readDb: reads.readDb,
        logger,
        personIdKey: options.personIdKey,
        caller: identityWatched(identity.caller, audit.answerScope),
        audit,
      });
    },
    routes: {
      ...definition.routes?.(runtime),
      '/health/live': (_req, res) =>
        sendJson(res, 200, { status: 'ok', subgraph: definition.name }),
      '/health/ready': ready,
      '/health': ready,
      '/metrics': async (_req, res) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
  });
  const verifyRequest = requestIdentities(httpServer, identityVerifier);
  const port = await listen(httpServer, options.port, options.host ?? '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ url }, 'subgraph listening');
  return {
    name: definition.name,
    url,
    port,
    db,
    metrics,
    httpServer,
    flushAudit: () => auditWriter.flush(),
    async stop() {
      await closeServer(httpServer);
      await apollo.stop();
      await background.stop();
      await relay?.stop();
      await bus?.close();
      await auditWriter.close();
      await reads.close();
      await db.destroy();
    },
  };
}
