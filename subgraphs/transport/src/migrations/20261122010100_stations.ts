import type { Knex } from 'knex';

export const name = '20261122010100_stations';

/**
 * Stations and the train arrivals the ticketing feed reports. `arrives_at` is the actual arrival
 * once known, else the scheduled one: every hourly count and page keys on it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('stations', (t) => {
    t.string('code', 8).primary();
    t.text('name').notNullable();
    t.string('kind', 10).notNullable().checkIn(['RAIL', 'COACH', 'METRO_HUB']);
    t.string('street_code', 9).notNullable();
    t.double('latitude').notNullable();
    t.double('longitude').notNullable();
  });
  await db.schema.createTable('train_arrivals', (t) => {
    t.bigIncrements('id');
    t.string('station_code', 8).notNullable().references('code').inTable('stations');
    t.string('train_number', 12).notNullable();
    t.date('service_date').notNullable();
    t.string('origin_code', 6).notNullable();
    t.timestamp('scheduled_at', { useTz: true }).notNullable();
    t.timestamp('actual_at', { useTz: true });
    t.integer('ticketed_passengers').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    // A re-sent feed finds its train by this key and replaces it: the feed's idempotency.
    t.unique(['station_code', 'train_number', 'service_date']);
  });
  await db.raw(`
    ALTER TABLE train_arrivals ADD COLUMN arrives_at timestamptz GENERATED ALWAYS AS (coalesce(actual_at, scheduled_at)) STORED;
    CREATE INDEX train_arrivals_station_time ON train_arrivals (station_code, arrives_at);
    CREATE INDEX train_arrivals_time ON train_arrivals (arrives_at, id);
    ALTER TABLE train_arrivals ADD CONSTRAINT train_arrivals_ticketed_passengers_check CHECK (ticketed_passengers >= 0);
  `);
  await db.schema.createTable('passengers', (t) => {
    t.bigIncrements('id');
    t.bigInteger('train_arrival_id')
      .notNullable()
      .references('id')
      .inTable('train_arrivals')
      .onDelete('CASCADE');
    t.string('person_id', 22).notNullable();
    t.string('origin_code', 6).notNullable();
    t.index(['train_arrival_id', 'id']);
    t.index(['person_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('passengers');
  await db.schema.dropTable('train_arrivals');
  await db.schema.dropTable('stations');
}
