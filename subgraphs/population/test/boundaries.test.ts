import { createDatabase, createLogger, migrateUp } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { BoundaryStore } from '../src/repositories/boundary-store.js';
import { seedCommunityBoundaries } from '../src/seed/seed-boundaries.js';
import { subgraph } from '../src/index.js';

const logger = createLogger('boundaries-test', 'silent');

describe('community boundaries in the population schema', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: ReturnType<typeof createDatabase>;
  const { streets, communities } = testCity().geography;
  // Two streets' communities: a database seeded before boundaries existed.
  const chosen = communities.filter((c) => ['310104003', '310104004'].includes(c.streetCode));
  beforeAll(async () => {
    database = await freshDatabase();
    db = createDatabase({ url: database.url, schema: 'population' });
    await migrateUp(db, 'population', subgraph.migrations);
    await db('districts').insert({ code: '310104', name: '徐汇区' });
    await db('streets').insert(
      streets
        .slice(0, 2)
        .map(
          ({ districtCode: district_code, roads: _roads, communityCount: _count, ...street }) => ({
            ...street,
            district_code,
          }),
        ),
    );
    await db('communities').insert(
      chosen.map(({ code, streetCode: street_code, name, latitude, longitude }) => ({
        ...{ code, street_code, name },
        ...{ latitude, longitude },
      })),
    );
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('are drawn by the seed for every community, and drawn again when one is missing', async () => {
    const store = new BoundaryStore(db);
    await seedCommunityBoundaries(store, logger);
    const byDistrict = await store.boundariesByDistricts(['310104']);
    expect(byDistrict.map((row) => row.code)).toEqual(chosen.map((c) => c.code));
    expect(byDistrict[0]).toMatchObject({ name: chosen[0]!.name, street_code: '310104003' });
    expect(byDistrict[0]!.geometry.type).toBe('Polygon');
    const byStreet = await store.boundariesByStreets(['310104004', '310104999']);
    expect(byStreet.every((row) => row.street_code === '310104004')).toBe(true);
    expect(byStreet).toHaveLength(chosen.filter((c) => c.streetCode === '310104004').length);

    await db('community_boundaries').where({ community_code: chosen[5]!.code }).delete();
    await seedCommunityBoundaries(store, logger);
    const [counted] = await db('community_boundaries').count({ n: '*' });
    expect(Number(counted?.n)).toBe(chosen.length);
  });

  it('refuses a geometry that is not an area', async () => {
    await expect(
      db('community_boundaries')
        .where({ community_code: chosen[0]!.code })
        .update({ geometry: JSON.stringify({ type: 'Point', coordinates: [121.4, 31.2] }) }),
    ).rejects.toThrow(/community_boundaries_polygonal/);
  });
});
