import type { Database } from './database.js';
import type { Logger } from './logger.js';

/** The PostgreSQL role a department's service runs its statements as. */
export function runtimeRoleOf(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `cityhub_${schema}_runtime`;
}

/** Records a schema's runtime role may read and append to only: who changed an integrator's key. */
const APPEND_ONLY_TABLES: Record<string, string[]> = { gateway: ['api_key_changes'] };

/**
 * Creates (if missing) the department's runtime role and grants it the rows of its own schema and
 * nothing else: no DDL, no other department's tables, no rewriting its migration history; in the
 * audit schema, reading and appending only. Run by the connection that migrated the schema (its
 * owner). Returns false when that connection may not create roles (your own PostgreSQL with a
 * restricted user): then give each department its own login instead (see README, Configuration).
 */
export async function grantRuntimeRole(
  db: Database,
  schema: string,
  logger?: Logger,
): Promise<boolean> {
  const role = runtimeRoleOf(schema);
  const rows = schema === 'audit' ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
  const statements = [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
         CREATE ROLE ${role} NOLOGIN;
       END IF;
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
     END $$`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `GRANT ${rows} ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.knex_migrations, ${schema}.knex_migrations_lock FROM ${role}`,
    ...(APPEND_ONLY_TABLES[schema] ?? []).map(
      (table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${role}`,
    ),
    // The connecting user may have granted the role to itself before; SET ROLE needs membership.
    `GRANT ${role} TO CURRENT_USER`,
  ];
  try {
    for (const statement of statements) await withRetry(() => db.raw(statement));
    return true;
  } catch (error) {
    logger?.warn(
      { err: error, role },
      'could not set up the runtime role; statements run as the connecting user',
    );
    return false;
  }
}

// Services of several departments start together; concurrent GRANTs on one catalog row conflict.
async function withRetry<T>(action: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (attempt >= attempts || !/concurrently|deadlock/.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
