import type { Knex } from 'knex';

export const name = '20261130060000_api_key_usage';

/**
 * Usage per key, summed over every gateway: each gateway adds its counts here every few seconds, so
 * that the integrators API (another process) can show them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('api_key_usage', (t) => {
    t.string('key_id', 16).primary();
    t.bigInteger('requests').notNullable().defaultTo(0);
    t.bigInteger('errors').notNullable().defaultTo(0);
    t.bigInteger('rate_limited').notNullable().defaultTo(0);
    t.timestamp('last_used_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('api_key_usage');
}
