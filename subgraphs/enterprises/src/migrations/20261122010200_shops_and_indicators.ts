import type { Knex } from 'knex';

export const name = '20261122010200_shops_and_indicators';

/** Street shops (沿街商铺) with their registered staff, and monthly operating indicators with the warnings they raise. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('shops', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.string('street_code', 9).notNullable();
    t.text('address').notNullable();
    t.string('operator_person_id', 22).notNullable();
    t.string('credit_code', 18);
    t.string('staff_code', 10).notNullable().unique();
    t.timestamp('registered_at', { useTz: true }).notNullable();
    t.index(['street_code', 'id']);
    t.index(['operator_person_id']);
  });
  await db.schema.createTable('shop_staff', (t) => {
    t.bigIncrements('id');
    t.bigInteger('shop_id').notNullable().references('id').inTable('shops').onDelete('CASCADE');
    t.string('person_id', 22).notNullable();
    t.string('id_number', 18).notNullable();
    t.text('name').notNullable();
    t.string('phone', 20).notNullable();
    t.string('origin_code', 6).notNullable();
    t.date('arrived_on');
    t.string('status', 10).notNullable().checkIn(['PENDING', 'APPROVED', 'REJECTED']);
    t.timestamp('registered_at', { useTz: true }).notNullable();
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_reason');
    t.unique(['shop_id', 'person_id']);
    t.index(['shop_id', 'status', 'id']);
  });
  await db.schema.createTable('indicators', (t) => {
    t.string('credit_code', 18).notNullable().references('credit_code').inTable('enterprises');
    t.date('month').notNullable();
    t.decimal('revenue', 16, 2).notNullable();
    t.decimal('operating_profit', 16, 2).notNullable();
    t.integer('headcount').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.primary(['credit_code', 'month']);
  });
  await db.schema.createTable('warnings', (t) => {
    t.bigIncrements('id');
    t.string('credit_code', 18).notNullable().references('credit_code').inTable('enterprises');
    t.string('street_code', 9).notNullable();
    t.date('month').notNullable();
    t.string('figure', 16).notNullable().checkIn(['REVENUE', 'OPERATING_PROFIT', 'HEADCOUNT']);
    t.string('basis', 24).notNullable().checkIn(['PREVIOUS_MONTH', 'SAME_MONTH_LAST_YEAR']);
    t.decimal('previous_value', 16, 2).notNullable();
    t.decimal('current_value', 16, 2).notNullable();
    t.double('change_ratio').notNullable();
    t.double('threshold').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.unique(['credit_code', 'month', 'figure', 'basis']);
    t.index(['street_code', 'month', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('warnings');
  await db.schema.dropTable('indicators');
  await db.schema.dropTable('shop_staff');
  await db.schema.dropTable('shops');
}
