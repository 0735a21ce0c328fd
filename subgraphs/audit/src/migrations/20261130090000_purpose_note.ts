import type { Knex } from 'knex';

export const name = '20261130090000_purpose_note';

/** The purpose is now a registered code; what the caller added in words is kept beside it. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('personal_data_reads', (t) => {
    t.text('purpose_note');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('personal_data_reads', (t) => {
    t.dropColumn('purpose_note');
  });
}
