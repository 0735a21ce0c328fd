import type http from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { AuditRecorder } from './audit-log.js';
import type { Caller } from './caller.js';
import type { Database } from './database.js';
import type { DepartmentAccess } from './department-access.js';
import type { EventBus } from './events/bus.js';
import type { EventBusSettings } from './events/open-bus.js';
import type { FeedDefinition, FeedRecord } from './feeds/feed-definition.js';
import type { FeedBusSettings } from './feeds/start-feeds.js';
import type { Outbox } from './events/outbox.js';
import type { RouteHandler } from './http-server.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import type { Migration } from './migrations.js';

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
  /**
   * The department's feeds: the kit starts each on NATS and MQTT as `<NAME>_FEED_*` say (parsed at
   * start, see `feedBusEnvironment`), the same way for every department, and stops them before the
   * database. The batch mutations record through the same definitions (`FeedIntake`).
   */
  feeds?(runtime: SubgraphRuntime<TSettings>): ReadonlyArray<FeedDefinition<FeedRecord>>;
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
  /** Where the department reads its feeds, when already parsed; else `<NAME>_FEED_*` from process.env. */
  feedBus?: FeedBusSettings;
  /** Send the statements a store marks `prepared` as named statements (default on). */
  preparedStatements?: boolean;
  /** Compile hot operations with graphql-jit (subgraph-server-execution.ts; default on). */
  compiledExecution?: boolean;
  /** Check identities with node:crypto's one-shot Ed25519 (identity-one-shot.ts; default on). */
  identityOneShot?: boolean;
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
