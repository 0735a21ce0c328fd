import type { Knex } from 'knex';
import type { Database } from './database.js';

/** A knex migration as a module: `up` and `down`, named with a timestamp prefix. */
export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/**
 * Migrations are listed in code rather than discovered on disk, so that they run the same from
 * TypeScript sources and from the built JavaScript. The knex bookkeeping tables live in the
 * subgraph's own schema.
 */
function sourceOf(migrations: Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => migrations,
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  };
}

function configFor(schema: string, migrations: Migration[]): Knex.MigratorConfig {
  return {
    migrationSource: sourceOf(migrations),
    schemaName: schema,
    tableName: 'knex_migrations',
  };
}

export async function migrateUp(
  db: Database,
  schema: string,
  migrations: Migration[],
): Promise<string[]> {
  // Run as a department's owner role, the schema exists already (created for it by the connecting
  // user) and the role may not create schemas: CREATE SCHEMA checks that before IF NOT EXISTS.
  const found = await db.raw('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema]);
  if (found.rows.length === 0) await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  const [, applied] = (await db.migrate.latest(configFor(schema, migrations))) as [
    number,
    string[],
  ];
  return applied;
}

export async function migrateDownAll(
  db: Database,
  schema: string,
  migrations: Migration[],
): Promise<void> {
  await db.migrate.rollback(configFor(schema, migrations), true);
}
