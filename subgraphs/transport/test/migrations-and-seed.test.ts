import { createLogger } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { describeMigrations } from '../../../test/support/department.js';
import { testCity } from '../../../test/support/hub.js';
import { seed, subgraph } from '../src/index.js';
import { seedDays } from '../src/seed/seed-transport.js';

const logger = createLogger('transport-test', 'silent');

describeMigrations(
  subgraph,
  {
    tables: [
      'checkpoint_passage_feed_rejections',
      'checkpoint_passages',
      'checkpoints',
      'event_outbox',
      'import_jobs',
      'import_rejections',
      'import_stage_checkpoints',
      'import_stage_schedules',
      'passengers',
      'seed_runs',
      'staffing_alerts',
      'station_staffing',
      'stations',
      'train_arrivals',
    ],
  },
  (db) => {
    const counts = async () => ({
      trains: Number((await db()('train_arrivals').count({ n: '*' }))[0]!.n),
      passengers: Number((await db()('passengers').count({ n: '*' }))[0]!.n),
      passages: Number((await db()('checkpoint_passages').count({ n: '*' }))[0]!.n),
    });

    it('seeds the test preset once, does nothing the second time, and resumes an interrupted run to the same rows', async () => {
      const city = testCity();
      const progress: number[] = [];
      expect(
        await seed({
          db: db(),
          city,
          personIdKey: TEST_PERSON_ID_KEY,
          logger,
          onProgress: ({ done }) => progress.push(done),
        }),
      ).toBe('seeded');
      const full = await counts();
      const days = seedDays(city.referenceDate);
      expect(progress.at(-1)).toBe(days.length);
      expect(full.trains).toBeGreaterThan(days.length);
      expect(full.passengers).toBeGreaterThan(full.trains);
      expect(full.passages).toBeGreaterThan(0);
      expect(await seed({ db: db(), city, personIdKey: TEST_PERSON_ID_KEY, logger })).toBe(
        'already-seeded',
      );

      // Undo the last three days as if the run had stopped there, then run it again.
      const kept = days.length - 3;
      const firstLost = days[kept]!;
      await db()('train_arrivals').where('service_date', '>=', firstLost).delete();
      await db()('checkpoint_passages')
        .where('passed_at', '>=', new Date(`${firstLost}T00:00:00+08:00`))
        .delete();
      await db()('seed_runs').update({ days_done: kept, finished_at: null });
      expect(await counts()).not.toEqual(full);
      expect(await seed({ db: db(), city, personIdKey: TEST_PERSON_ID_KEY, logger })).toBe(
        'resumed',
      );
      expect(await counts()).toEqual(full);
    });
  },
);
