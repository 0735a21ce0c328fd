import type { Knex } from 'knex';

export const name = '20261130060100_missing_reports';

/**
 * Daily reports found missing at their deadline. The key makes the finding once per site and
 * day, however often the check runs and on however many replicas.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('missing_reports', (t) => {
    t.string('site_id', 16).notNullable().references('id').inTable('sites');
    t.date('report_date').notNullable();
    t.string('street_code', 9).notNullable();
    t.uuid('event_id').notNullable();
    t.timestamp('found_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['site_id', 'report_date']);
    t.index(['report_date']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('missing_reports');
}
