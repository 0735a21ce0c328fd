import type { Knex } from 'knex';

export const name = '20261130060100_staffing_alerts';

/**
 * The checkers each station plans per hour (its roster) and the hours already announced as
 * needing more: the unique key makes the announcement once per station and hour, however many
 * feeds touch that hour and however many replicas ingest.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('station_staffing', (t) => {
    t.string('code', 8).primary().references('code').inTable('stations');
    t.integer('rostered_checkers').notNullable();
    t.integer('passengers_per_checker_hour').notNullable();
  });
  await db.raw(
    'ALTER TABLE station_staffing ADD CONSTRAINT station_staffing_positive CHECK (rostered_checkers >= 0 AND passengers_per_checker_hour > 0)',
  );
  await db.schema.createTable('staffing_alerts', (t) => {
    t.string('station_code', 8).notNullable().references('code').inTable('stations');
    t.timestamp('hour', { useTz: true }).notNullable();
    t.integer('needed').notNullable();
    t.integer('rostered').notNullable();
    t.uuid('event_id').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['station_code', 'hour']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('staffing_alerts');
  await db.schema.dropTable('station_staffing');
}
