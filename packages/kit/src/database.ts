import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from './logger.js';

// DATE columns come back as 'YYYY-MM-DD' strings, not as midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and other bigints fit in a JS number at this hub's scale.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Database = Knex;

export interface DatabaseOptions {
  url: string;
  /** The PostgreSQL schema this subgraph owns; it is the only one on its search path. */
  schema: string;
  poolMax?: number;
  logger?: Logger;
  /** Called for every statement, for metrics. */
  onStatement?: () => void;
  /**
   * PostgreSQL cancels a statement running longer than this, so that a request the gateway gave up
   * on does not keep a query running. None by default (migrations and seeding build big indexes).
   */
  statementTimeoutMs?: number;
  /**
   * Every connection switches to this role first (the department's runtime role), so that the
   * service's statements have its rights only, whoever the connecting user is.
   */
  role?: string;
  /** Whether statements marked with `prepared` go to PostgreSQL as named statements. */
  preparedStatements?: boolean;
}

export function createDatabase(options: DatabaseOptions): Database {
  const db = knex({
    client: 'pg',
    connection: {
      connectionString: options.url,
      application_name: `cityhub-${options.schema}`,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    searchPath: [options.schema],
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      ...(options.role
        ? {
            afterCreate: (
              connection: { query(sql: string, done: (error: Error | null) => void): void },
              done: (error: Error | null, connection: unknown) => void,
            ) => connection.query(`SET ROLE ${options.role}`, (error) => done(error, connection)),
          }
        : {}),
    },
  });
  if (options.preparedStatements) PREPARING.add(db);
  db.on('query', () => {
    options.onStatement?.();
  });
  if (options.logger) {
    const logger = options.logger;
    db.on('query-error', (error: Error & { code?: string }, query: { sql?: string }) => {
      // Constraint violations (23xxx) and serialization conflicts (40xxx) are how concurrent writers
      // learn they lost a race, and the code that sent them handles them; anything unhandled is
      // still logged as an error where the request fails.
      const expected = error.code?.startsWith('23') || error.code?.startsWith('40');
      logger[expected ? 'debug' : 'error']({ err: error, sql: query.sql }, 'SQL statement failed');
    });
  }
  return db;
}

/** Creates the database named in the URL if it does not exist (used for fresh test and demo databases). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Drops the database named in the URL, disconnecting whoever is still on it (fresh test and bench databases). */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

// The databases whose marked statements are prepared; a transaction (another Knex object) is not.
const PREPARING = new WeakSet<Knex>();

/**
 * Marks a hot statement to be sent as a pg named statement (parsed and planned once per
 * connection, then only bound and executed) when the database was opened with
 * `preparedStatements`. Its text must not vary with its arguments: use `= any(?::text[])` with `textArray(values)`,
 * not `whereIn`, whose text grows with the list.
 */
export function prepared<T extends Knex.QueryBuilder>(db: Knex, name: string, query: T): T {
  return PREPARING.has(db) ? (query.options({ name }) as T) : query;
}

/**
 * A list as one PostgreSQL array literal (`{"a","b"}`), bound as a single parameter: knex would
 * spread a JavaScript array into one placeholder per item, and the statement's text with it.
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}
