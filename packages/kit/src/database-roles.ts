import { createDatabase, type Database } from './database.js';
import type { Logger } from './logger.js';

function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema;
}

/** The PostgreSQL role a department's service runs its statements as: its schema's rows only. */
export function runtimeRoleOf(schema: string): string {
  return `cityhub_${checkedSchema(schema)}_runtime`;
}

/** The PostgreSQL role that owns a department's schema and everything in it; migrations run as it. */
export function ownerRoleOf(schema: string): string {
  return `cityhub_${checkedSchema(schema)}_owner`;
}

export interface SchemaOwnerOptions {
  url: string;
  schema: string;
  logger?: Logger;
  poolMax?: number;
}

export interface SchemaOwnerOutcome<T> {
  result: T;
  /** The role the department's service switches to; undefined when the roles could not be set up. */
  runtimeRole: string | undefined;
}

/** Records a schema's runtime role may read and append to only: who changed an integrator's key. */
const APPEND_ONLY_TABLES: Record<string, string[]> = { gateway: ['api_key_changes'] };

/**
 * Runs `work` (migrations, seeding) as the department's owner role, so that a department's
 * migration cannot touch another department's schema, then grants the runtime role the rows of the
 * schema. The connecting user creates both roles (NOLOGIN) and hands the schema and everything
 * already in it to the owner. When it may not create roles (your own PostgreSQL with a restricted
 * user), `work` runs as the connecting user and the service too, with a warning (see README).
 */
export async function asSchemaOwner<T>(
  options: SchemaOwnerOptions,
  work: (db: Database) => Promise<T>,
): Promise<SchemaOwnerOutcome<T>> {
  const { url, schema, logger } = options;
  const admin = createDatabase({ url, schema, poolMax: 1 });
  let owned: boolean;
  try {
    owned = await setUpRoles(admin, schema, logger);
  } finally {
    await admin.destroy();
  }
  const db = createDatabase({
    url,
    schema,
    poolMax: options.poolMax,
    logger,
    role: owned ? ownerRoleOf(schema) : undefined,
  });
  try {
    const result = await work(db);
    if (owned) await grantRuntimeRows(db, schema);
    return { result, runtimeRole: owned ? runtimeRoleOf(schema) : undefined };
  } finally {
    await db.destroy();
  }
}

async function setUpRoles(db: Database, schema: string, logger?: Logger): Promise<boolean> {
  const owner = ownerRoleOf(schema);
  const runtime = runtimeRoleOf(schema);
  const rows = schema === 'audit' ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
  const statements = [
    createRole(owner),
    createRole(runtime),
    // SET ROLE needs membership unless the connecting user is a superuser.
    `GRANT ${owner} TO CURRENT_USER`,
    `GRANT ${runtime} TO CURRENT_USER`,
    `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner}`,
    `ALTER SCHEMA ${schema} OWNER TO ${owner}`,
    transferOwnership(schema, owner),
    // Tables the owner creates later (next migrations) are the runtime role's rows at once.
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT ${rows} ON TABLES TO ${runtime}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${runtime}`,
  ];
  try {
    for (const statement of statements) await withRetry(() => db.raw(statement));
    return true;
  } catch (error) {
    logger?.warn(
      { err: error, owner, runtime },
      'could not set up the department roles; migrations and statements run as the connecting user',
    );
    return false;
  }
}

/** Run as the owner role once the schema is migrated: the tables are the owner's to grant. */
async function grantRuntimeRows(db: Database, schema: string): Promise<void> {
  const runtime = runtimeRoleOf(schema);
  const rows = schema === 'audit' ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
  const statements = [
    `GRANT USAGE ON SCHEMA ${schema} TO ${runtime}`,
    `GRANT ${rows} ON ALL TABLES IN SCHEMA ${schema} TO ${runtime}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${runtime}`,
    // The service reads its migration history (health) but never rewrites it. A service started
    // on a schema nobody migrated yet has no history to protect.
    ...['knex_migrations', 'knex_migrations_lock'].map(
      (table) => `DO $$ BEGIN
        IF to_regclass('${schema}.${table}') IS NOT NULL THEN
          REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${runtime};
        END IF;
      END $$`,
    ),
    ...(APPEND_ONLY_TABLES[schema] ?? []).map(
      (table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${runtime}`,
    ),
  ];
  for (const statement of statements) await withRetry(() => db.raw(statement));
}

function createRole(role: string): string {
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
      CREATE ROLE ${role} NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;
}

/**
 * Databases migrated before the owner roles existed have the connecting user's tables: hand every
 * table, view, free-standing sequence (sequences of a column follow their table), function and type
 * in the schema, knex's bookkeeping included, to the owner. A no-op once done.
 */
function transferOwnership(schema: string, owner: string): string {
  return `DO $$
  DECLARE item record;
  BEGIN
    FOR item IN
      SELECT c.oid::regclass AS name FROM pg_class c
       WHERE c.relnamespace = '${schema}'::regnamespace
         AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
         AND c.relowner <> '${owner}'::regrole
         -- A partition depends on its parent (and a partitioned table on itself) the way a column's
         -- sequence does on its table, but neither is handed over with another table.
         AND (c.relispartition OR NOT EXISTS (
           SELECT 1 FROM pg_depend d
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjid <> c.oid
              AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
    LOOP
      EXECUTE format('ALTER TABLE %s OWNER TO ${owner}', item.name);
    END LOOP;
    FOR item IN
      SELECT p.oid::regprocedure AS name FROM pg_proc p
       WHERE p.pronamespace = '${schema}'::regnamespace AND p.proowner <> '${owner}'::regrole
    LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', item.name);
    END LOOP;
    FOR item IN
      SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
       WHERE t.typnamespace = '${schema}'::regnamespace AND t.typowner <> '${owner}'::regrole
         AND (t.typtype IN ('e', 'd', 'r')
              OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
    LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${owner}',
                     CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.name);
    END LOOP;
  END $$`;
}

// Services of several departments (and several instances of one) start together; concurrent
// GRANTs and ownership changes on one catalog row conflict, and the loser simply tries again.
async function withRetry<T>(action: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (attempt >= attempts || !/concurrently|deadlock|duplicate key/.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 20));
    }
  }
}
