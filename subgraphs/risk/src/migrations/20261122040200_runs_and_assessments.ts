import type { Knex } from 'knex';

export const name = '20261122040200_runs_and_assessments';

/**
 * Model runs and their assessments. An assessment keeps each indicator's raw value, normalised
 * value, weight and contribution (as JSON: they are read together, never queried apart), so that
 * any score can be explained later exactly as it was computed.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('risk_runs', (t) => {
    t.bigIncrements('id');
    t.date('assessed_on').notNullable();
    t.integer('model_version').notNullable().references('version').inTable('risk_models');
    t.string('status', 10).notNullable().checkIn(['RUNNING', 'SUCCEEDED', 'FAILED']);
    t.string('trigger', 12).notNullable().checkIn(['SCHEDULE', 'OFFICIAL', 'COMMAND_LINE']);
    t.text('started_by').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.integer('communities_assessed').notNullable().defaultTo(0);
    t.jsonb('sources').notNullable().defaultTo('[]');
    t.text('error');
    t.index(['assessed_on', 'id']);
  });
  // One run at a time per date: a second start while one runs is refused, a failed one can be rerun.
  await db.raw(
    `CREATE UNIQUE INDEX risk_runs_one_running_per_date ON risk_runs (assessed_on) WHERE status = 'RUNNING'`,
  );
  await db.schema.createTable('risk_assessments', (t) => {
    t.date('assessed_on').notNullable();
    t.string('community_code', 13).notNullable();
    t.string('street_code', 9).notNullable();
    t.string('district_code', 6).notNullable();
    t.bigInteger('run_id').notNullable().references('id').inTable('risk_runs');
    t.integer('model_version').notNullable();
    t.decimal('score', 5, 2).notNullable();
    t.string('level', 6).notNullable().checkIn(['RED', 'YELLOW', 'BLUE']);
    t.decimal('weight_covered', 7, 6).notNullable();
    t.integer('resident_count').notNullable();
    t.jsonb('contributions').notNullable();
    t.primary(['assessed_on', 'community_code']);
    t.index(['assessed_on', 'street_code', 'level']);
    t.index(['assessed_on', 'district_code']);
    t.index(['community_code', 'assessed_on']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('risk_assessments');
  await db.schema.dropTable('risk_runs');
}
