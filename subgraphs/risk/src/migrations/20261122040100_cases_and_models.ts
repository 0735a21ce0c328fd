import type { Knex } from 'knex';
import { INITIAL_MODEL } from '../managers/risk-model.js';

export const name = '20261122040100_cases_and_models';

/** The health commission's case reports, and the versions of the risk model. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_reports', (t) => {
    t.bigIncrements('id');
    // The feed's own record id: a record sent again updates its row instead of adding one.
    t.text('record_id').notNullable().unique();
    t.string('person_id', 22).notNullable();
    t.string('kind', 20)
      .notNullable()
      .checkIn([
        'CONFIRMED',
        'SUSPECTED',
        'CLOSE_CONTACT',
        'HOME_QUARANTINE',
        'FEVER_CLINIC_VISIT',
      ]);
    t.date('reported_on').notNullable();
    t.date('ends_on');
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['reported_on', 'community_code']);
    t.index(['community_code', 'reported_on']);
    t.index(['person_id']);
  });
  await db.schema.createTable('risk_models', (t) => {
    t.integer('version').primary();
    t.text('note').notNullable();
    t.jsonb('indicators').notNullable();
    t.text('published_by').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  // The hub starts with the model Xuhui started with; officials publish later versions.
  await db('risk_models').insert({
    version: INITIAL_MODEL.version,
    note: INITIAL_MODEL.note,
    indicators: JSON.stringify(INITIAL_MODEL.indicators),
    published_by: 'hub',
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('risk_models');
  await db.schema.dropTable('case_reports');
}
