import { ANSWER_SCOPE_HEADER, identityWatched } from './answer-scope.js';
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { KeyObject } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import type { z } from 'zod';
import { applyAccessRules } from './access-rules.js';
import { AuditRecorder, AuditUnavailableError, AuditWriter, documentSha256 } from './audit-log.js';
import type { Caller } from './caller.js';
import { IdentityVerifier } from './identity-header.js';
import { createDatabase, type Database } from './database.js';
import { asSchemaOwner } from './database-roles.js';
import type { EventBus } from './events/bus.js';
import { openEventBus, type EventBusSettings } from './events/open-bus.js';
import type { Outbox } from './events/outbox.js';
import { startOutboxRelay } from './events/relay.js';
import {
  closeServer,
  createHttpServer,
  listen,
  sendJson,
  type RouteHandler,
} from './http-server.js';
import { inputGuardPlugin } from './input-guard.js';
import { readinessRoute, requestIdentities } from './subgraph-requests.js';
import { limitedErrorLog, type LimitedLog } from './log-limiter.js';
import type { Logger } from './logger.js';
import { createServiceMetrics, metricsPlugin, type ServiceMetrics } from './metrics.js';
import { migrateUp, type Migration } from './migrations.js';
import type { DepartmentAccess } from './department-access.js';
import { departmentSettingsOrThrow } from './department-settings.js';
import { openReadDatabase } from './read-database.js';
import { traceStatements } from './tracing.js';

/** What every subgraph's resolvers receive, before the subgraph adds its own loaders. */
export type SubgraphBaseContext<TSettings = unknown> = BaseContextFields &
  DepartmentSettingsField<TSettings>;

interface BaseContextFields {
  db: Database;
  /**
   * For reads that tolerate replication lag: the standby when DATABASE_READ_URL is set, else `db`
   * (optional so that a context built by hand, in a test, may leave it out).
   */
  readDb?: Database;
  logger: Logger;
  personIdKey: string;
  /** Who is asking, as verified by the gateway. */
  caller: Caller;
  /** Collects this request's unmasked reads of personal data for the audit log. */
  audit: AuditRecorder;
}

/**
 * The department's own settings, parsed once at start (`SubgraphDefinition.environment`); the kit
 * always sets them, and a department without settings of its own may leave them out.
 */
type DepartmentSettingsField<TSettings> = undefined extends TSettings
  ? { settings?: TSettings }
  : { settings: TSettings };

/** One department's subgraph, described once; the kit runs it the same way as every other. */
export interface SubgraphDefinition<
  TContext extends SubgraphBaseContext = SubgraphBaseContext,
  TSettings = unknown,
> {
  /** Lower-case name; also the PostgreSQL schema it owns and the prefix of its `<NAME>_DATABASE_URL`. */
  name: string;
  /**
   * The PostgreSQL schema it owns, when not its name: the integrators subgraph manages the
   * gateway's key tables (schema `gateway`).
   */
  databaseSchema?: string;
  schemaFile: URL;
  // Codegen's resolver types are stricter than Apollo's map; each subgraph checks its own against codegen.
  resolvers: unknown;
  migrations: Migration[];
  /**
   * The department's own environment (`departmentEnvironment(...)`), parsed once at start together
   * with the kit's: a bad value stops the process before it listens, with every problem listed.
   * The result reaches the context, the background work and the routes as `settings`.
   */
  environment?: z.ZodType<TSettings>;
  /** The scopes the department's schema requires and the roles that get them (the hub's tables). */
  access?: DepartmentAccess;
  createContext(base: SubgraphBaseContext<TSettings>): TContext;
  /** The department's outbox: when the hub runs an event bus, the kit relays it. */
  outbox?: Outbox;
  /** Work the department runs beside its API (event consumers), stopped before the database. */
  background?(runtime: SubgraphRuntime<TSettings>): Promise<{ stop(): Promise<void> }>;
  /** Extra GET routes of the department (the events stream). */
  routes?(runtime: SubgraphRuntime<TSettings>): Record<string, RouteHandler>;
}

/** What a department's background work and routes are given. */
export interface SubgraphRuntime<TSettings = unknown> {
  db: Database;
  settings: TSettings;
  databaseUrl: string;
  logger: Logger;
  /** Null when the hub runs without events (some tests). */
  bus: EventBus | null;
  /** The key of the hub's person ids, for work that meets ID numbers (feeds). */
  personIdKey: string;
  /** The caller of a route request, as the gateway signed it for this subgraph; null if refused. */
  verifyIdentity(req: http.IncomingMessage): Promise<Caller | null>;
}

export interface SubgraphRuntimeOptions {
  databaseUrl: string;
  /** A streaming standby for lag-tolerant reads (the context's `readDb`); none: the primary. */
  readDatabaseUrl?: string;
  port: number;
  host?: string;
  logger: Logger;
  personIdKey: string;
  poolMax?: number;
  /** Apply the subgraph's migrations before serving (idempotent; knex holds a lock meanwhile). */
  migrate?: boolean;
  /** The gateway's public key(s): identities not signed by the gateway for this subgraph are refused. */
  identityPublicKeys: KeyObject[];
  /** Where the audit log of personal-data reads lives (the audit subgraph's database). */
  auditDatabaseUrl: string;
  /** Counts of people below this (zero included) are withheld from callers without exact-figure rights. */
  smallCountThreshold?: number;
  /** The event bus; without it no outbox is relayed and no consumer runs. */
  events?: EventBusSettings;
  /** Other counts are rounded to a multiple of this for those callers. */
  countRoundingBase?: number;
  /** Statements running longer are cancelled by PostgreSQL (default 30 s; migrations have none). */
  statementTimeoutMs?: number;
  /** The department's settings, when already parsed; else its `environment` is parsed from process.env. */
  settings?: unknown;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  db: Database;
  metrics: ServiceMetrics;
  httpServer: http.Server;
  stop(): Promise<void>;
  /** Waits until every audit record handed over so far is written; for a graceful shutdown. */
  flushAudit(): Promise<void>;
}

/** A gateway gives up on a subgraph after 10 s; its statement should not outlive that for long. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export function readTypeDefs(definition: Pick<SubgraphDefinition, 'schemaFile'>) {
  return parse(readFileSync(definition.schemaFile, 'utf8'));
}

export async function startSubgraph<TContext extends SubgraphBaseContext, TSettings>(
  definition: SubgraphDefinition<TContext, TSettings>,
  options: SubgraphRuntimeOptions,
): Promise<RunningSubgraph> {
  const settings =
    'settings' in options && options.settings !== undefined
      ? (options.settings as TSettings)
      : departmentSettingsOrThrow(definition);
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
  const logError = limitedErrorLog(logger);
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    // The kit's shutdown drains requests and flushes the audit log; Apollo's own handler would
    // stop the server and re-kill the process before that runs.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => hideInternals(formatted, error, logError, definition.name),
    // Inline traces only feed Apollo's cloud, which a closed city network never reaches.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(metrics),
      inputGuardPlugin(),
      auditPlugin(auditWriter),
    ],
  });
  await apollo.start();
  const identityVerifier = await IdentityVerifier.create({
    audience: definition.name,
    publicKeys: options.identityPublicKeys,
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
  const background = definition.background ? await definition.background(runtime) : null;
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
      await background?.stop();
      await relay?.stop();
      await bus?.close();
      await auditWriter.close();
      await reads.close();
      await db.destroy();
    },
  };
}

/**
 * Commits each request's audit records before its response is sent: the answer waits for the
 * group commit that carries its records, and an answer whose records could not be written is
 * replaced by an AUDIT_UNAVAILABLE error, so no personal data leave unrecorded.
 */
function auditPlugin(writer: AuditWriter): ApolloServerPlugin<SubgraphBaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ source, contextValue }) {
          contextValue.audit.documentSha256 = documentSha256(source);
        },
        async willSendResponse({ contextValue, response }) {
          // For the gateway's response cache: only answers that depended on rights alone are shared.
          response.http.headers.set(ANSWER_SCOPE_HEADER, contextValue.audit.answerScope.value);
          const rows = contextValue.audit.drain();
          if (rows.length === 0) return;
          try {
            await writer.commit(rows);
          } catch (error) {
            const refusal =
              error instanceof AuditUnavailableError
                ? error
                : new AuditUnavailableError('the audit write failed');
            if (response.body.kind === 'single')
              response.body.singleResult = {
                data: null,
                errors: [{ message: refusal.message, extensions: refusal.extensions }],
              };
          }
        },
      };
    },
  };
}

/**
 * Errors the hub raised on purpose keep their code and message. A database that cannot be reached
 * is SERVICE_UNAVAILABLE (the client may retry; nothing is wrong with its request). Anything else
 * (a bug, a broken statement) is logged in full and reaches the client as INTERNAL_SERVER_ERROR
 * without internals. Error lines are rate-limited, so that no caller can flood the log.
 */
export function hideInternals(
  formatted: GraphQLFormattedError,
  error: unknown,
  logError: LimitedLog,
  subgraph = 'department',
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (
    original instanceof GraphQLError &&
    original.extensions?.code === 'INTERNAL_SERVER_ERROR' &&
    !original.originalError
  )
    return formatted;
  const where = {
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
  if (isDatabaseUnavailable(original)) {
    logError({ err: original, path: formatted.path }, 'database unavailable while resolving');
    return {
      message: `The ${subgraph} database is unavailable; try again shortly.`,
      ...where,
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: subgraph },
    };
  }
  logError({ err: original, path: formatted.path }, 'unexpected error while resolving');
  return {
    message: 'Internal server error',
    ...where,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

// Connection refused or cut, the server shutting down or starting, too many clients, no connection
// free in the pool: the database is away, not the statement wrong.
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether an error says that PostgreSQL could not be reached, rather than that a statement failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_NETWORK_CODES.has(code)) return true;
      // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
      if (/^(08...|57P0[123]|53300)$/.test(code)) return true;
    }
    if (name === 'KnexTimeoutError') return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
        message,
      )
    )
      return true;
    cause =
      (cause as { cause?: unknown }).cause ?? (cause as { originalError?: unknown }).originalError;
  }
  return false;
}
