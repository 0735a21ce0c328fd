import type { Knex } from 'knex';

export const name = '20261130070100_street_snapshots';

/** Each street's enterprises, resumption and shops at the end of each city day, for trend lines. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('street_snapshots', (t) => {
    t.date('snapshot_date').notNullable();
    t.string('street_code', 9).notNullable();
    t.string('district_code', 6).notNullable();
    t.integer('enterprises').notNullable();
    t.integer('operating_enterprises').notNullable();
    t.integer('resumed_enterprises').notNullable();
    t.integer('shops').notNullable();
    t.integer('shop_staff').notNullable();
    t.integer('shop_staff_approved').notNullable();
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.primary(['snapshot_date', 'street_code']);
    t.index(['street_code', 'snapshot_date']);
    t.index(['district_code', 'snapshot_date']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('street_snapshots');
}
