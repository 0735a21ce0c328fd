import type { Knex } from 'knex';

export const name = '20261122010200_checkpoints';

/** Traffic checkpoints (交通卡口) and the vehicles through them, with the people checked aboard. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('checkpoints', (t) => {
    t.string('code', 10).primary();
    t.text('name').notNullable();
    t.text('road').notNullable();
    t.string('street_code', 9).notNullable();
    t.double('latitude').notNullable();
    t.double('longitude').notNullable();
  });
  await db.schema.createTable('checkpoint_passages', (t) => {
    t.bigIncrements('id');
    t.string('checkpoint_code', 10).notNullable().references('code').inTable('checkpoints');
    t.timestamp('passed_at', { useTz: true }).notNullable();
    t.string('direction', 8).notNullable().checkIn(['INBOUND', 'OUTBOUND']);
    t.string('plate', 12).notNullable();
    t.string('vehicle_kind', 6).notNullable().checkIn(['CAR', 'BUS', 'TRUCK']);
    t.string('origin_code', 6).notNullable();
    t.smallint('occupants').notNullable();
    // People checked are few per vehicle and always read with it: an array, not a join table.
    t.specificType('person_ids', 'text[]').notNullable().defaultTo('{}');
    t.index(['checkpoint_code', 'passed_at', 'id']);
  });
  await db.schema.createTable('seed_runs', (t) => {
    t.text('preset').primary();
    t.integer('seed').notNullable();
    t.date('reference_date').notNullable();
    t.integer('days_total').notNullable();
    t.integer('days_done').notNullable().defaultTo(0);
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('seed_runs');
  await db.schema.dropTable('checkpoint_passages');
  await db.schema.dropTable('checkpoints');
}
