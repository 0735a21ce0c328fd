import type { Knex } from 'knex';

export const name = '20261130000200_health_code_changes';

/**
 * Every health-code change a feed delivered: who sent it, through which feed, with the source's
 * own id (a second delivery of the same id is recognised and ignored). A change older than the
 * resident's current colour is kept in the history but does not overwrite it, so changes that
 * arrive out of order still leave each resident with the latest colour.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('health_code_changes', (t) => {
    t.bigIncrements('id');
    t.text('source_id').notNullable().unique();
    t.string('person_id', 22)
      .notNullable()
      .references('id')
      .inTable('residents')
      .onDelete('CASCADE');
    t.string('community_code', 13);
    t.string('color', 6).notNullable().checkIn(['GREEN', 'YELLOW', 'RED']);
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.string('feed', 10).notNullable().checkIn(['API', 'NATS', 'MQTT']);
    t.text('recorded_by').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.boolean('applied').notNullable();
    t.index(['person_id', 'changed_at']);
    t.index(['community_code', 'changed_at']);
  });
  await db.schema.createTable('health_code_feed_rejections', (t) => {
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

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('health_code_feed_rejections');
  await db.schema.dropTable('health_code_changes');
}
