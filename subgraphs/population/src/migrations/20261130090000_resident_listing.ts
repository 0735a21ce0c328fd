import type { Knex } from 'knex';

export const name = '20261130090000_resident_listing';

/**
 * The resident listing (`Community.residents`) pages through one community in address order, so
 * that a building's households come together; its keyset is (address, id) in byte order ("C"), which
 * also lets an address prefix (road, lane, building) use the same index. Health-code colour and age
 * band filters ride on their own community-leading indexes. A name fragment is filtered within the
 * community's rows (a few thousand at most), which the community prefix of these indexes bounds, so
 * no trigram index is needed.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    CREATE INDEX residents_listing_by_address
      ON residents (community_code, (coalesce(address, '') COLLATE "C"), id);
    CREATE INDEX residents_listing_by_health_code
      ON residents (community_code, health_code, (coalesce(address, '') COLLATE "C"), id);
    CREATE INDEX residents_listing_by_birth_date ON residents (community_code, birth_date);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    DROP INDEX residents_listing_by_birth_date;
    DROP INDEX residents_listing_by_health_code;
    DROP INDEX residents_listing_by_address;
  `);
}
