import { createImportTables, dropImportTables } from '@cityhub/importer';
import type { Knex } from 'knex';

export const name = '20261130000100_imports';

/**
 * The department's import jobs and the staging table of resident files: UNLOGGED, since a staged
 * chunk is re-read from the file after a crash and never needs the write-ahead log.
 */
export async function up(db: Knex): Promise<void> {
  await createImportTables(db);
  await db.raw(`
    CREATE UNLOGGED TABLE import_stage_residents (
      job_id bigint NOT NULL,
      line integer NOT NULL,
      id varchar(22) NOT NULL,
      id_number varchar(18) NOT NULL,
      name text NOT NULL,
      gender varchar(6) NOT NULL,
      birth_date date NOT NULL,
      phone varchar(20) NOT NULL,
      origin_code varchar(6) NOT NULL,
      community_code varchar(13),
      address text,
      health_code varchar(6) NOT NULL,
      health_code_changed_at timestamptz
    );
    CREATE INDEX import_stage_residents_job ON import_stage_residents (job_id, line);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('import_stage_residents');
  await dropImportTables(db);
}
