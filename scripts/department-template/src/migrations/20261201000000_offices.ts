import type { Knex } from 'knex';

export const name = '20261201000000_offices';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('offices', (t) => {
    t.string('code', 9).primary();
    t.text('name').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('offices');
}
