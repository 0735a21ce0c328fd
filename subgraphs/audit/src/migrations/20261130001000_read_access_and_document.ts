import type { Knex } from 'knex';

export const name = '20261130001000_read_access_and_document';

/**
 * Each record says whether data left unmasked or the caller only learnt that the person exists
 * (masked fields), and keeps the SHA-256 of the document the subgraph executed.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('personal_data_reads', (t) => {
    t.string('access', 8).notNullable().defaultTo('unmasked');
    t.string('document_sha256', 64);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('personal_data_reads', (t) => {
    t.dropColumn('access');
    t.dropColumn('document_sha256');
  });
}
