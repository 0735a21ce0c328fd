import type { Knex } from 'knex';

export const name = '20261130100000_export_jobs';

/**
 * Asynchronous CSV exports: the job (whose it is, what it runs, how far it got) and its file in
 * chunks, in PostgreSQL so that any gateway replica can run a job and serve its download.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('export_jobs', (t) => {
    t.uuid('id').primary();
    // The verified caller at the start (never a credential): the job reads with these rights.
    t.jsonb('caller').notNullable();
    t.text('caller_id').notNullable();
    t.string('api_key_id', 16);
    t.string('document_id', 64).notNullable();
    t.text('operation_name');
    t.jsonb('variables').notNullable();
    t.text('state').notNullable().defaultTo('queued');
    t.integer('rows_done').notNullable().defaultTo(0);
    t.integer('rows_total');
    t.jsonb('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('expires_at', { useTz: true });
    t.index(['expires_at']);
  });
  await db.schema.createTable('export_chunks', (t) => {
    t.uuid('job_id').notNullable().references('id').inTable('export_jobs').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.binary('content').notNullable();
    t.primary(['job_id', 'seq']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('export_chunks');
  await db.schema.dropTable('export_jobs');
}
