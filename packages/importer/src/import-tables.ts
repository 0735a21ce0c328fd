import type { Migration } from '@cityhub/kit';
import type { Knex } from 'knex';

/**
 * A department's import bookkeeping, in its own schema: one row per file loaded (found again by
 * its content hash, so the same file twice is recognised) and the records it refused.
 */
export async function createImportTables(db: Knex): Promise<void> {
  await db.schema.createTable('import_jobs', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable();
    t.text('file_name').notNullable();
    t.string('content_hash', 64).notNullable();
    t.string('status', 10).notNullable().checkIn(['STAGING', 'MERGING', 'DONE', 'FAILED']);
    t.text('started_by').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.bigInteger('bytes_total').notNullable();
    t.bigInteger('bytes_read').notNullable().defaultTo(0);
    t.integer('lines_read').notNullable().defaultTo(0);
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.integer('rows_inserted');
    t.integer('rows_updated');
    t.integer('rows_unchanged');
    t.integer('rows_per_second');
    t.text('error');
    t.unique(['kind', 'content_hash']);
    t.index(['kind', 'id']);
  });
  await db.schema.createTable('import_rejections', (t) => {
    t.bigInteger('job_id')
      .notNullable()
      .references('id')
      .inTable('import_jobs')
      .onDelete('CASCADE');
    t.integer('line').notNullable();
    t.text('field').notNullable();
    t.text('reason').notNullable();
    t.index(['job_id', 'line']);
  });
}

export async function dropImportTables(db: Knex): Promise<void> {
  await db.schema.dropTable('import_rejections');
  await db.schema.dropTable('import_jobs');
}

/**
 * The UNLOGGED table one kind of file is staged in (a staged chunk is re-read from the file after
 * a crash and never needs the write-ahead log): `job_id`, `line`, then the mapping's columns, given
 * as SQL column definitions.
 */
export async function createStagingTable(db: Knex, table: string, columns: string): Promise<void> {
  await db.raw(`
    CREATE UNLOGGED TABLE ${table} (job_id bigint NOT NULL, line integer NOT NULL, ${columns});
    CREATE INDEX ${table}_job ON ${table} (job_id, line);`);
}

/**
 * A department's import migration: its job tables and one staging table per kind of file it
 * loads (table name to SQL column definitions).
 */
export function importMigration(name: string, stagingTables: Record<string, string>): Migration {
  return {
    name,
    async up(db) {
      await createImportTables(db);
      for (const [table, columns] of Object.entries(stagingTables))
        await createStagingTable(db, table, columns);
    },
    async down(db) {
      for (const table of Object.keys(stagingTables).reverse()) await db.schema.dropTable(table);
      await dropImportTables(db);
    },
  };
}
