import { createDatabase, createLogger, migrateDownAll, migrateUp } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { subgraph, seed } from '../src/index.js';
import { CONSTRUCTION_SITE_COUNT } from '../src/seed/site-catalogue.js';

describe('sites migrations and seed on a fresh PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database.drop());

  it('go up into the sites schema, down to nothing, and up again', async () => {
    const db = createDatabase({ url: database.url, schema: 'sites' });
    const tables = async () =>
      (
        await db('pg_tables')
          .withSchema('pg_catalog')
          .where({ schemaname: 'sites' })
          .pluck('tablename')
      )
        .filter((name: string) => !name.startsWith('knex_'))
        .sort();
    try {
      expect(await migrateUp(db, 'sites', subgraph.migrations)).toHaveLength(
        subgraph.migrations.length,
      );
      expect(await tables()).toEqual([
        'daily_reports',
        'event_outbox',
        'missing_reports',
        'report_workers',
        'screening_cases',
        'seed_runs',
        'sites',
        'street_site_snapshots',
        'venue_visitor_counts',
      ]);
      await migrateDownAll(db, 'sites', subgraph.migrations);
      expect(await tables()).toEqual([]);
      expect(await migrateUp(db, 'sites', subgraph.migrations)).toHaveLength(
        subgraph.migrations.length,
      );
    } finally {
      await db.destroy();
    }
  });

  it('seeds in resumable chunks: an interrupted run resumes and a finished one does nothing', async () => {
    const db = createDatabase({ url: database.url, schema: 'sites' });
    const options = {
      db,
      city: testCity(),
      personIdKey: TEST_PERSON_ID_KEY,
      logger: createLogger('sites-seed-test', 'silent'),
    };
    try {
      await migrateUp(db, 'sites', subgraph.migrations);
      // Simulate an interruption after the first chunk: the catalogue and one chunk's reports are in.
      const progress: number[] = [];
      const failingAfterFirstChunk = {
        ...options,
        chunkSize: 50,
        onProgress: ({ done }: { done: number }) => {
          progress.push(done);
          if (done === 50) throw new Error('interrupted');
        },
      };
      await expect(seed(failingAfterFirstChunk)).rejects.toThrow('interrupted');
      expect(await db('seed_runs').first()).toMatchObject({ sites_done: 50, finished_at: null });
      expect(await seed(options)).toBe('resumed');
      expect(await seed(options)).toBe('already-seeded');
      const [sites] = await db('sites').where({ kind: 'CONSTRUCTION' }).count({ total: '*' });
      expect(Number(sites?.total)).toBe(CONSTRUCTION_SITE_COUNT);
      // Every construction site that reported has its current reports once per date.
      const duplicates = await db('daily_reports')
        .whereNull('superseded_at')
        .groupBy('site_id', 'report_date')
        .havingRaw('count(*) > 1')
        .select('site_id');
      expect(duplicates).toEqual([]);
      const [reporting] = await db('daily_reports').countDistinct({ total: 'site_id' });
      expect(Number(reporting?.total)).toBeGreaterThan(CONSTRUCTION_SITE_COUNT * 0.9);
      const [cases] = await db('screening_cases').count({ total: '*' });
      expect(Number(cases?.total)).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });
});
