import { createLogger, personIdFor } from '@cityhub/kit';
import { enterpriseAt, enterpriseCount } from '@cityhub/synthetic-city';
import { expect, it } from 'vitest';
import { describeMigrations } from '../../../test/support/department.js';
import { testCity } from '../../../test/support/hub.js';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { seed, subgraph } from '../src/index.js';
import { shopCount } from '../src/seed/synthetic-shops.js';

const logger = createLogger('enterprises-test', 'silent');

describeMigrations(
  subgraph,
  {
    tables: [
      'enterprises',
      'event_outbox',
      'filing_events',
      'filings',
      'import_jobs',
      'import_rejections',
      'import_stage_enterprises',
      'indicators',
      'notices',
      'registration_counts',
      'registrations',
      'seed_runs',
      'shop_staff',
      'shops',
      'street_snapshots',
      'warnings',
    ],
  },
  (db) => {
    it('seeds the generated enterprises in small chunks, resumes, and does nothing the second time', async () => {
      const city = testCity();
      let chunks = 0;
      expect(
        await seed({
          db: db(),
          city,
          personIdKey: TEST_PERSON_ID_KEY,
          logger,
          onProgress: () => chunks++,
          chunkSize: 10,
        } as never),
      ).toBe('seeded');
      expect(chunks).toBe(Math.ceil(enterpriseCount(city) / 10));
      expect(await seed({ db: db(), city, personIdKey: TEST_PERSON_ID_KEY, logger })).toBe(
        'already-seeded',
      );

      const count = async (table: string) => Number((await db()(table).count({ n: '*' }))[0]!.n);
      expect(await count('enterprises')).toBe(enterpriseCount(city));
      expect(await count('shops')).toBe(shopCount(city));
      const first = enterpriseAt(city, 0);
      const row = await db()('enterprises').where({ credit_code: first.creditCode }).first();
      expect(row).toMatchObject({
        name: first.name,
        street_code: first.streetCode,
        legal_rep_person_id: personIdFor(
          city.person(first.legalRepresentativeIndex).idNumber,
          TEST_PERSON_ID_KEY,
        ),
      });
      // The trigger-kept counts equal a full count of registrations.
      const [kept] = await db()('registration_counts').sum({
        pending: 'pending',
        approved: 'approved',
        rejected: 'rejected',
      });
      const [actual] = await db()('registrations').select(
        db().raw(`count(*) FILTER (WHERE status = 'PENDING') AS pending`),
        db().raw(`count(*) FILTER (WHERE status = 'APPROVED') AS approved`),
        db().raw(`count(*) FILTER (WHERE status = 'REJECTED') AS rejected`),
      );
      expect(kept).toEqual(actual);
      const states = await db()('filings').distinct('status').pluck('status');
      expect(states.sort()).toEqual(['APPROVED', 'OPEN', 'REJECTED', 'SUBMITTED']);
    });
  },
);
