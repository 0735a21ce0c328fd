import type { Knex } from 'knex';

/**
 * The history columns every feed table has: the source's id (unique, so that a record delivered
 * twice is recorded once), through which channel it came, who sent it and when it was recorded.
 */
export function addFeedHistoryColumns(t: Knex.CreateTableBuilder, db: Knex): void {
  t.text('source_id').notNullable().unique();
  t.string('feed', 10).notNullable().checkIn(['API', 'NATS', 'MQTT']);
  t.text('recorded_by').notNullable();
  t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
}

/** A department's table of refused feed records: the field and reason, never the value. */
export async function createFeedRejectionsTable(db: Knex, table: string): Promise<void> {
  await db.schema.createTable(table, (t) => {
    t.bigIncrements('id');
    t.text('source_id');
    t.string('feed', 10).notNullable();
    t.text('recorded_by').notNullable();
    t.text('field').notNullable();
    t.text('reason').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['recorded_at']);
  });
}
