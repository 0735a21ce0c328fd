import type { Knex } from 'knex';

export const name = '20261130080100_community_boundaries';

/** A community's boundary for maps, a GeoJSON Polygon or MultiPolygon (RFC 7946, WGS-84). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('community_boundaries', (t) => {
    t.string('community_code', 13)
      .primary()
      .references('code')
      .inTable('communities')
      .onDelete('CASCADE');
    t.jsonb('geometry').notNullable();
  });
  await db.raw(
    `ALTER TABLE community_boundaries ADD CONSTRAINT community_boundaries_polygonal
     CHECK (geometry->>'type' IN ('Polygon', 'MultiPolygon'))`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('community_boundaries');
}
