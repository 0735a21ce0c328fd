import type { Knex } from 'knex';

export const name = '20261122010300_people_lookup';

/** Finding the passages a person was checked in: a GIN index answers `person_ids @> ARRAY[id]`. */
export async function up(db: Knex): Promise<void> {
  await db.raw(
    'CREATE INDEX checkpoint_passages_people ON checkpoint_passages USING gin (person_ids)',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX checkpoint_passages_people');
}
