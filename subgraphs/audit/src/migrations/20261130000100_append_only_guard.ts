import type { Knex } from 'knex';

export const name = '20261130000100_append_only_guard';

/**
 * The audit log accepts INSERT only: a trigger refuses UPDATE, DELETE and TRUNCATE whoever sends
 * them (grants alone do not bind the table's owner), so that nobody — a department's process or an
 * official covering their tracks — rewrites who read whose data.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  // Idempotent: services of several departments may apply the audit schema at the same time.
  await db.raw('DROP TRIGGER IF EXISTS personal_data_reads_append_only ON personal_data_reads');
  await db.raw('DROP TRIGGER IF EXISTS personal_data_reads_no_truncate ON personal_data_reads');
  await db.raw(`
    CREATE TRIGGER personal_data_reads_append_only
      BEFORE UPDATE OR DELETE ON personal_data_reads
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
  await db.raw(`
    CREATE TRIGGER personal_data_reads_no_truncate
      BEFORE TRUNCATE ON personal_data_reads
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
  await db.raw('REVOKE UPDATE, DELETE, TRUNCATE ON personal_data_reads FROM PUBLIC');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP TRIGGER IF EXISTS personal_data_reads_no_truncate ON personal_data_reads');
  await db.raw('DROP TRIGGER IF EXISTS personal_data_reads_append_only ON personal_data_reads');
  await db.raw('DROP FUNCTION IF EXISTS refuse_audit_change()');
}
