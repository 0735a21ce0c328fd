import type { Knex } from 'knex';

export const name = '20261122002000_api_keys';

/** Integrators' API keys (only a hash of the secret is kept) and the operations registered for them. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('api_keys', (t) => {
    t.string('id', 16).primary();
    t.string('secret_hash', 64).notNullable();
    t.text('name').notNullable();
    t.text('department').notNullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.boolean('registered_operations_only').notNullable().defaultTo(false);
    t.integer('requests_per_minute').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  await db.schema.createTable('registered_operations', (t) => {
    t.string('sha256', 64).primary();
    t.text('name').notNullable();
    t.text('document').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('registered_operations');
  await db.schema.dropTable('api_keys');
}
