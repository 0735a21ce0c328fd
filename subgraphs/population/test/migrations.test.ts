import { createDatabase, migrateDownAll, migrateUp } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.js';
import { subgraph } from '../src/index.js';

describe('population migrations on a real PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database.drop());

  it('go up into the population schema, down to nothing, and up again', async () => {
    const db = createDatabase({ url: database.url, schema: 'population' });
    const tables = async () =>
      (
        await db('pg_tables')
          .withSchema('pg_catalog')
          .where({ schemaname: 'population' })
          .pluck('tablename')
      )
        .filter((name: string) => !name.startsWith('knex_'))
        .sort();
    try {
      expect(await migrateUp(db, 'population', subgraph.migrations)).toHaveLength(
        subgraph.migrations.length,
      );
      expect(await tables()).toEqual([
        'arrivals',
        'communities',
        'community_counts',
        'districts',
        'health_code_changes',
        'health_code_feed_rejections',
        'health_registrations',
        'import_jobs',
        'import_rejections',
        'import_stage_residents',
        'key_region_changes',
        'key_regions',
        'origin_regions',
        'residents',
        'seed_runs',
        'streets',
      ]);
      await migrateDownAll(db, 'population', subgraph.migrations);
      expect(await tables()).toEqual([]);
      expect(await migrateUp(db, 'population', subgraph.migrations)).toHaveLength(
        subgraph.migrations.length,
      );
      expect(await migrateUp(db, 'population', subgraph.migrations)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
