import type { Knex } from 'knex';

export const name = '20261122010100_registry_and_filings';

/**
 * The enterprise registry and work-resumption filing (复工备案). `registration_counts` keeps each
 * filing's registrations by status through statement-level triggers, so that street dashboards sum
 * a few thousand filing rows instead of counting a million registrations, and a batch approval of
 * 1,000 registrations updates the counts once.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('enterprises', (t) => {
    t.string('credit_code', 18).primary();
    t.text('name').notNullable();
    t.string('legal_rep_person_id', 22).notNullable();
    t.string('industry', 1).notNullable();
    t.string('street_code', 9).notNullable();
    t.string('status', 10).notNullable().checkIn(['OPERATING', 'SUSPENDED', 'CLOSED']);
    t.integer('employee_count').notNullable();
    t.date('registered_on').notNullable();
    t.index(['street_code', 'credit_code']);
    t.index(['legal_rep_person_id']);
    t.index(['industry', 'credit_code']);
  });
  await db.raw('CREATE INDEX enterprises_name_prefix ON enterprises (name text_pattern_ops)');
  await db.schema.createTable('filings', (t) => {
    t.bigIncrements('id');
    t.string('code', 10).notNullable().unique();
    t.string('credit_code', 18).notNullable().references('credit_code').inTable('enterprises');
    t.string('street_code', 9).notNullable();
    t.string('status', 10).notNullable().checkIn(['OPEN', 'SUBMITTED', 'APPROVED', 'REJECTED']);
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('reviewed_at', { useTz: true });
    t.text('review_reason');
    t.index(['credit_code', 'id']);
    t.index(['street_code', 'status']);
  });
  // At most one filing per enterprise is in progress; a rejected or approved one may be followed by a new one.
  await db.raw(
    `CREATE UNIQUE INDEX filings_one_active ON filings (credit_code) WHERE status IN ('OPEN', 'SUBMITTED')`,
  );
  await db.schema.createTable('registrations', (t) => {
    t.bigIncrements('id');
    t.bigInteger('filing_id').notNullable().references('id').inTable('filings').onDelete('CASCADE');
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
    // Registering twice is answered with the first registration: this is what makes it idempotent.
    t.unique(['filing_id', 'person_id']);
    t.index(['filing_id', 'status', 'id']);
  });
  await db.schema.createTable('filing_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('filing_id').notNullable().references('id').inTable('filings').onDelete('CASCADE');
    t.string('action', 24).notNullable();
    t.string('actor_kind', 12).notNullable();
    t.text('actor_id').notNullable();
    t.string('actor_person_id', 22);
    t.integer('registration_count');
    t.text('reason');
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['filing_id', 'id']);
  });
  await db.schema.createTable('registration_counts', (t) => {
    t.bigInteger('filing_id').primary().references('id').inTable('filings').onDelete('CASCADE');
    t.integer('pending').notNullable().defaultTo(0);
    t.integer('approved').notNullable().defaultTo(0);
    t.integer('rejected').notNullable().defaultTo(0);
  });
  await db.raw(`
    CREATE FUNCTION count_registrations_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO registration_counts AS rc (filing_id, pending, approved, rejected)
      SELECT filing_id, count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'APPROVED'), count(*) FILTER (WHERE status = 'REJECTED')
        FROM changed GROUP BY filing_id
      ON CONFLICT (filing_id) DO UPDATE SET pending = rc.pending + excluded.pending,
        approved = rc.approved + excluded.approved, rejected = rc.rejected + excluded.rejected;
      RETURN NULL;
    END $$;
    CREATE FUNCTION count_registrations_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE registration_counts rc SET pending = rc.pending - d.pending, approved = rc.approved - d.approved, rejected = rc.rejected - d.rejected
        FROM (SELECT filing_id, count(*) FILTER (WHERE status = 'PENDING') AS pending, count(*) FILTER (WHERE status = 'APPROVED') AS approved,
                     count(*) FILTER (WHERE status = 'REJECTED') AS rejected FROM changed GROUP BY filing_id) d
       WHERE rc.filing_id = d.filing_id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER registrations_counted_on_insert AFTER INSERT ON registrations
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_registrations_added();
    CREATE TRIGGER registrations_counted_on_delete AFTER DELETE ON registrations
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_registrations_removed();
    CREATE TRIGGER registrations_uncounted_on_update AFTER UPDATE ON registrations
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_registrations_removed();
    CREATE TRIGGER registrations_recounted_on_update AFTER UPDATE ON registrations
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_registrations_added();
  `);
  await db.schema.createTable('seed_runs', (t) => {
    t.text('preset').primary();
    t.integer('seed').notNullable();
    t.date('reference_date').notNullable();
    t.integer('enterprises_total').notNullable();
    t.integer('enterprises_done').notNullable().defaultTo(0);
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('seed_runs');
  await db.schema.dropTable('registration_counts');
  await db.schema.dropTable('filing_events');
  await db.schema.dropTable('registrations');
  await db.schema.dropTable('filings');
  await db.schema.dropTable('enterprises');
  await db.raw(
    'DROP FUNCTION count_registrations_added(); DROP FUNCTION count_registrations_removed();',
  );
}
