import { createLogger } from '@cityhub/kit';
import { expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { describeMigrations } from '../../../test/support/department.js';
import { testCity } from '../../../test/support/hub.js';
import { seed, subgraph } from '../src/index.js';

describeMigrations(subgraph, { tables: ['offices'] }, (db) => {
  it('seeds an office per street once, and does nothing the second time', async () => {
    const options = {
      db: db(),
      city: testCity(),
      personIdKey: TEST_PERSON_ID_KEY,
      logger: createLogger('tmpl-seed-test', 'silent'),
    };
    expect(await seed(options)).toBe('seeded');
    expect(await seed(options)).toBe('already-seeded');
    expect(await db()('offices').pluck('code')).toHaveLength(options.city.geography.streets.length);
  });
});
