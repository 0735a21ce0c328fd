import type { Knex } from 'knex';

export const name = '20261122000100_geography';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('districts', (t) => {
    t.string('code', 6).primary();
    t.text('name').notNullable();
  });
  await db.schema.createTable('streets', (t) => {
    t.string('code', 9).primary();
    t.string('district_code', 6).notNullable().references('code').inTable('districts');
    t.text('name').notNullable();
    t.string('kind', 8).notNullable().checkIn(['STREET', 'TOWN']);
    t.double('latitude').notNullable();
    t.double('longitude').notNullable();
    t.index(['district_code']);
  });
  await db.schema.createTable('communities', (t) => {
    t.string('code', 13).primary();
    t.string('street_code', 9).notNullable().references('code').inTable('streets');
    t.text('name').notNullable();
    t.double('latitude').notNullable();
    t.double('longitude').notNullable();
    t.index(['street_code', 'code']);
  });
  await db.schema.createTable('origin_regions', (t) => {
    t.string('code', 6).primary();
    t.text('name').notNullable();
  });
  await db.schema.createTable('key_regions', (t) => {
    t.string('prefix', 6).primary();
    t.text('name').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('key_regions');
  await db.schema.dropTable('origin_regions');
  await db.schema.dropTable('communities');
  await db.schema.dropTable('streets');
  await db.schema.dropTable('districts');
}
