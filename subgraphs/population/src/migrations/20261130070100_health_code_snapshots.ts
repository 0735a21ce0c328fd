import type { Knex } from 'knex';

export const name = '20261130070100_health_code_snapshots';

/**
 * Residents by health-code colour per community at the end of each city day, for trend lines.
 * The street and district are kept on the row so that a street's or district's series is one
 * indexed range scan, not a join over the geography.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('health_code_snapshots', (t) => {
    t.date('snapshot_date').notNullable();
    t.string('community_code', 13).notNullable().references('code').inTable('communities');
    t.string('street_code', 9).notNullable();
    t.string('district_code', 6).notNullable();
    t.integer('residents').notNullable();
    t.integer('green').notNullable();
    t.integer('yellow').notNullable();
    t.integer('red').notNullable();
    // DERIVED: rebuilt afterwards from the residents' last change (backfill); COUNTED: copied from the live counts.
    t.string('source', 8).notNullable().checkIn(['COUNTED', 'DERIVED']);
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.primary(['snapshot_date', 'community_code']);
    t.index(['street_code', 'snapshot_date']);
    t.index(['district_code', 'snapshot_date']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('health_code_snapshots');
}
