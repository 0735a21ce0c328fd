import type { Knex } from 'knex';

export const name = '20261122040300_housing_and_credit';

/**
 * Housing for group-rental detection (群租房): dwellings with monthly utility readings and the
 * flags raised on them; the housing stock per community; and the enterprise credit profiles (守信通).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('community_housing', (t) => {
    t.string('community_code', 13).primary();
    t.integer('dwelling_count').notNullable();
  });
  await db.schema.createTable('dwellings', (t) => {
    t.bigIncrements('id');
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.text('address').notNullable();
    t.decimal('floor_area', 7, 1).notNullable();
    // Registered occupants (登记人数) at the address as the housing feed last gave them.
    t.integer('registered_residents').notNullable();
    t.unique(['community_code', 'address']);
    t.index(['street_code']);
  });
  await db.schema.createTable('dwelling_readings', (t) => {
    t.bigInteger('dwelling_id')
      .notNullable()
      .references('id')
      .inTable('dwellings')
      .onDelete('CASCADE');
    t.string('month', 7).notNullable();
    t.decimal('water_m3', 8, 1).notNullable();
    t.decimal('electricity_kwh', 9, 1).notNullable();
    t.decimal('gas_m3', 8, 1).notNullable();
    t.integer('deliveries').notNullable();
    t.primary(['dwelling_id', 'month']);
  });
  await db.schema.createTable('group_rental_flags', (t) => {
    t.bigIncrements('id');
    t.bigInteger('dwelling_id')
      .notNullable()
      .references('id')
      .inTable('dwellings')
      .onDelete('CASCADE');
    t.string('month', 7).notNullable();
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.decimal('usage_ratio', 7, 2).notNullable();
    t.decimal('estimated_occupants', 6, 1).notNullable();
    t.jsonb('evidence').notNullable();
    t.string('status', 12)
      .notNullable()
      .defaultTo('OPEN')
      .checkIn(['OPEN', 'CONFIRMED', 'FALSE_ALARM']);
    t.text('reviewed_by');
    t.timestamp('reviewed_at', { useTz: true });
    t.text('review_note');
    t.timestamp('flagged_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['dwelling_id', 'month']);
    t.index(['street_code', 'usage_ratio']);
    t.index(['community_code', 'status']);
  });
  await db.schema.createTable('enterprise_credit', (t) => {
    t.string('credit_code', 18).primary();
    t.integer('score').notNullable();
    t.string('grade', 1).notNullable().checkIn(['A', 'B', 'C', 'D']);
    t.jsonb('factors').notNullable();
    t.jsonb('sources').notNullable();
    t.bigInteger('run_id').notNullable().references('id').inTable('risk_runs');
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('seed_runs', (t) => {
    t.text('preset').primary();
    t.integer('seed').notNullable();
    t.date('reference_date').notNullable();
    t.integer('communities_total').notNullable();
    t.integer('communities_done').notNullable().defaultTo(0);
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('seed_runs');
  await db.schema.dropTable('enterprise_credit');
  await db.schema.dropTable('group_rental_flags');
  await db.schema.dropTable('dwelling_readings');
  await db.schema.dropTable('dwellings');
  await db.schema.dropTable('community_housing');
}
