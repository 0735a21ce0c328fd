import type { Knex } from 'knex';

export const name = '20261122000100_sites';

/** Sites and the venues' hourly counts. Street and contractor are other departments' keys: no foreign keys across schemas. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('sites', (t) => {
    t.string('id', 16).primary();
    t.string('kind', 16).notNullable().checkIn(['CONSTRUCTION', 'MARKET', 'MALL', 'STATION_HALL']);
    t.text('name').notNullable();
    t.text('project');
    t.string('status', 12).notNullable().checkIn(['ACTIVE', 'SUSPENDED', 'CLOSED']);
    t.text('address').notNullable();
    t.string('street_code', 9).notNullable();
    t.double('latitude').notNullable();
    t.double('longitude').notNullable();
    t.string('contractor_credit_code', 18);
    t.integer('capacity');
    t.index(['street_code', 'id']);
    t.index(['contractor_credit_code']);
    t.index(['latitude', 'longitude']);
    t.index(['kind', 'status']);
  });
  await db.raw(
    `ALTER TABLE sites ADD CONSTRAINT sites_venue_capacity CHECK ((kind = 'CONSTRUCTION') = (capacity IS NULL))`,
  );
  await db.schema.createTable('venue_visitor_counts', (t) => {
    t.string('site_id', 16).notNullable().references('id').inTable('sites');
    t.timestamp('hour', { useTz: true }).notNullable();
    t.integer('visitors').notNullable();
    t.primary(['site_id', 'hour']);
    t.index(['hour']);
  });
  await db.raw(
    'ALTER TABLE venue_visitor_counts ADD CONSTRAINT venue_visitors_not_negative CHECK (visitors >= 0)',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('venue_visitor_counts');
  await db.schema.dropTable('sites');
}
