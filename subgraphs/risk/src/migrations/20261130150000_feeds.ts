import { addFeedHistoryColumns, createFeedRejectionsTable } from '@cityhub/kit';
import type { Knex } from 'knex';

export const name = '20261130150000_feeds';

const READING_COLUMNS = [
  ['water_m3', 8],
  ['electricity_kwh', 9],
  ['gas_m3', 8],
] as const;

/**
 * The department's two feeds on the kit's machinery. Case reports: every version the feed
 * delivered (`case_report_versions`, by the source's id, with who sent it, when and how), and on
 * the report itself which version it shows. Utility readings: every reading delivered
 * (`utility_reading_feed`), and on a month's figure the meter's time of the reading it holds, so
 * that a late reading never undoes a later one. Rows from before the feeds (the seed, file
 * imports) have none of these, so the columns on the existing tables allow null.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_report_versions', (t) => {
    t.bigIncrements('id');
    t.text('record_id').notNullable();
    t.string('person_id', 22).notNullable();
    t.string('kind', 20).notNullable();
    t.date('reported_on').notNullable();
    t.date('ends_on');
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable();
    addFeedHistoryColumns(t, db);
    t.index(['record_id', 'changed_at']);
  });
  await db.schema.alterTable('case_reports', (t) => {
    t.timestamp('changed_at', { useTz: true });
    t.text('source_id');
    t.string('feed', 10).checkIn(['API', 'NATS', 'MQTT']);
    t.text('recorded_by');
  });
  await createFeedRejectionsTable(db, 'case_report_feed_rejections');
  await db.schema.createTable('utility_reading_feed', (t) => {
    t.bigIncrements('id');
    t.bigInteger('dwelling_id').notNullable().references('dwellings.id').onDelete('CASCADE');
    t.string('month', 7).notNullable();
    t.timestamp('read_at', { useTz: true }).notNullable();
    // The figures as `dwelling_readings` holds them.
    for (const [column, precision] of READING_COLUMNS)
      t.decimal(column, precision, 1).notNullable();
    t.integer('deliveries').notNullable();
    addFeedHistoryColumns(t, db);
    t.index(['dwelling_id', 'month', 'read_at']);
  });
  await db.schema.alterTable('dwelling_readings', (t) => {
    t.timestamp('read_at', { useTz: true });
  });
  await createFeedRejectionsTable(db, 'utility_reading_feed_rejections');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('utility_reading_feed_rejections');
  await db.schema.alterTable('dwelling_readings', (t) => t.dropColumn('read_at'));
  await db.schema.dropTable('utility_reading_feed');
  await db.schema.dropTable('case_report_feed_rejections');
  await db.schema.alterTable('case_reports', (t) => {
    t.dropColumns('changed_at', 'source_id', 'feed', 'recorded_by');
  });
  await db.schema.dropTable('case_report_versions');
}
