import type { Knex } from 'knex';

export const name = '20261122000200_daily_reports';

/**
 * Daily reports keep every submission: the current one for a site and date has `superseded_at`
 * null (enforced by a partial unique index), the ones it replaced stay as history. Workers carry
 * the derived flags so that lists of new arrivals never recompute a report's predecessor.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('daily_reports', (t) => {
    t.bigIncrements('id');
    t.string('site_id', 16).notNullable().references('id').inTable('sites');
    t.date('report_date').notNullable();
    t.integer('version').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('submitted_by').notNullable();
    t.timestamp('superseded_at', { useTz: true });
    t.integer('headcount').notNullable();
    t.integer('new_arrival_count').notNullable();
    t.date('previous_report_date');
    t.unique(['site_id', 'report_date', 'version']);
  });
  await db.raw(
    'CREATE UNIQUE INDEX daily_reports_current ON daily_reports (site_id, report_date) WHERE superseded_at IS NULL',
  );
  await db.raw(
    'CREATE INDEX daily_reports_current_by_date ON daily_reports (report_date, site_id) WHERE superseded_at IS NULL',
  );
  await db.schema.createTable('report_workers', (t) => {
    t.bigInteger('report_id')
      .notNullable()
      .references('id')
      .inTable('daily_reports')
      .onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('person_id', 22).notNullable();
    t.string('id_number', 18).notNullable();
    t.text('name').notNullable();
    t.string('origin_code', 6).notNullable();
    t.boolean('from_key_region').notNullable();
    t.date('arrived_on').notNullable();
    t.boolean('is_new').notNullable();
    t.primary(['report_id', 'position']);
    t.unique(['report_id', 'person_id']);
    t.index(['person_id']);
  });
  await db.raw(
    'CREATE INDEX report_workers_key_region_arrivals ON report_workers (arrived_on) WHERE is_new AND from_key_region',
  );
  await db.schema.createTable('screening_cases', (t) => {
    t.bigIncrements('id');
    t.string('site_id', 16).notNullable().references('id').inTable('sites');
    t.string('street_code', 9).notNullable();
    t.string('person_id', 22).notNullable();
    t.text('worker_name').notNullable();
    t.string('origin_code', 6).notNullable();
    t.date('arrived_on').notNullable();
    t.date('report_date').notNullable();
    t.text('reason').notNullable();
    t.string('status', 10).notNullable().defaultTo('OPEN').checkIn(['OPEN', 'VERIFIED', 'CLEARED']);
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('certificate_number');
    t.text('checked_by');
    t.timestamp('checked_at', { useTz: true });
    t.text('note');
    // One case per worker, site and arrival: a resubmitted report does not open it twice.
    t.unique(['site_id', 'person_id', 'arrived_on']);
    t.index(['street_code', 'status', 'id']);
    t.index(['status', 'id']);
    t.index(['person_id']);
  });
  await db.schema.createTable('seed_runs', (t) => {
    t.text('preset').primary();
    t.integer('seed').notNullable();
    t.date('reference_date').notNullable();
    t.integer('sites_total').notNullable();
    t.integer('sites_done').notNullable().defaultTo(0);
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('seed_runs');
  await db.schema.dropTable('screening_cases');
  await db.schema.dropTable('report_workers');
  await db.schema.dropTable('daily_reports');
}
