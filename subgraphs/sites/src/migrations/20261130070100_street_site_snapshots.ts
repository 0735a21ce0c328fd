import type { Knex } from 'knex';

export const name = '20261130070100_street_site_snapshots';

/** Each street's sites, daily-report headcounts and open screening cases at the end of each city day. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('street_site_snapshots', (t) => {
    t.date('snapshot_date').notNullable();
    t.string('street_code', 9).notNullable();
    t.string('district_code', 6).notNullable();
    t.integer('sites').notNullable();
    t.integer('active_construction_sites').notNullable();
    t.integer('reported_sites').notNullable();
    t.integer('headcount').notNullable();
    t.integer('new_arrivals').notNullable();
    t.integer('open_screening_cases').notNullable();
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.primary(['snapshot_date', 'street_code']);
    t.index(['street_code', 'snapshot_date']);
    t.index(['district_code', 'snapshot_date']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('street_site_snapshots');
}
