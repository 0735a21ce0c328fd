import type { Knex } from 'knex';

export const name = '20261130000300_registrations';

/** Registrations filled in on the forms, and who changed the key-region list when. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('health_registrations', (t) => {
    t.bigIncrements('id');
    t.string('kind', 16).notNullable().checkIn(['COMMUNITY_HEALTH', 'ARRIVAL']);
    t.string('person_id', 22).notNullable();
    t.string('id_number', 18).notNullable();
    t.text('name').notNullable();
    t.string('phone', 20).notNullable();
    t.string('community_code', 13).notNullable().references('code').inTable('communities');
    t.text('address').notNullable();
    t.string('origin_code', 6);
    t.text('travel');
    t.date('arrived_on');
    t.specificType('symptoms', 'text[]').notNullable();
    t.text('submitted_by').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['community_code', 'submitted_at']);
    t.index(['person_id', 'submitted_at']);
  });
  await db.schema.createTable('key_region_changes', (t) => {
    t.bigIncrements('id');
    t.string('prefix', 6).notNullable();
    t.text('name');
    t.string('change', 8).notNullable().checkIn(['SET', 'REMOVED']);
    t.text('changed_by').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('key_region_changes');
  await db.schema.dropTable('health_registrations');
}
