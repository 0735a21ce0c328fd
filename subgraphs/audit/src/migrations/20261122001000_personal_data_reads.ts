import type { Knex } from 'knex';

export const name = '20261122001000_personal_data_reads';

/** Append-only: the services' database role is granted INSERT and SELECT only, and a trigger refuses changes. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('personal_data_reads', (t) => {
    t.bigIncrements('id');
    t.timestamp('read_at', { useTz: true }).notNullable();
    t.string('caller_kind', 12).notNullable();
    t.text('caller_id').notNullable();
    t.text('department');
    t.text('purpose');
    t.text('operation');
    t.text('subgraph').notNullable();
    t.string('person_id', 22);
    t.specificType('fields', 'text[]').notNullable();
    t.index(['person_id', 'read_at']);
    t.index(['caller_id', 'read_at']);
    t.index(['department', 'read_at']);
    t.index(['read_at']);
  });
  await db.raw(`
    CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
    CREATE TRIGGER personal_data_reads_append_only BEFORE UPDATE OR DELETE ON personal_data_reads
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('personal_data_reads');
  // The append-only guard's down may have dropped it already.
  await db.raw('DROP FUNCTION IF EXISTS refuse_audit_change()');
}
