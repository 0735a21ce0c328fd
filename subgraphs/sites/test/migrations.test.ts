import { createLogger } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { describeMigrations } from '../../../test/support/department.js';
import { testCity } from '../../../test/support/hub.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { subgraph, seed } from '../src/index.js';
import { CONSTRUCTION_SITE_COUNT } from '../src/seed/site-catalogue.js';

describeMigrations(
  subgraph,
  {
    tables: [
      'daily_reports',
      'event_outbox',
      'import_jobs',
      'import_rejections',
      'import_stage_construction_sites',
      'missing_reports',
      'report_workers',
      'screening_cases',
      'seed_runs',
      'sites',
      'street_site_snapshots',
      'venue_visitor_counts',
    ],
  },
  (db) => {
    it('seeds in resumable chunks: an interrupted run resumes and a finished one does nothing', async () => {
      const options = {
        db: db(),
        city: testCity(),
        personIdKey: TEST_PERSON_ID_KEY,
        logger: createLogger('sites-seed-test', 'silent'),
      };
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
      expect(await db()('seed_runs').first()).toMatchObject({
        sites_done: 50,
        finished_at: null,
      });
      expect(await seed(options)).toBe('resumed');
      expect(await seed(options)).toBe('already-seeded');
      const [sites] = await db()('sites').where({ kind: 'CONSTRUCTION' }).count({ total: '*' });
      expect(Number(sites?.total)).toBe(CONSTRUCTION_SITE_COUNT);
      // Every construction site that reported has its current reports once per date.
      const duplicates = await db()('daily_reports')
        .whereNull('superseded_at')
        .groupBy('site_id', 'report_date')
        .havingRaw('count(*) > 1')
        .select('site_id');
      expect(duplicates).toEqual([]);
      const [reporting] = await db()('daily_reports').countDistinct({ total: 'site_id' });
      expect(Number(reporting?.total)).toBeGreaterThan(CONSTRUCTION_SITE_COUNT * 0.9);
      const [cases] = await db()('screening_cases').count({ total: '*' });
      expect(Number(cases?.total)).toBeGreaterThan(0);
    });
  },
);
