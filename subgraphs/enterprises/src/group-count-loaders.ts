import { areaRowsLoader, type AreaLevel, type Database } from '@cityhub/kit';
import { GroupCountStore } from './repositories/group-count-store.js';

/** Per-request loaders of the group-by aggregates, one per area level. */
export function createGroupCountLoaders(db: Database) {
  const store = new GroupCountStore(db);
  const forLevel = (level: AreaLevel) => ({
    warningsByIndustry: areaRowsLoader((codes, since: string | null) =>
      store.warningsByIndustry(level, codes, since),
    ),
    registrationsByOriginAndDay: areaRowsLoader(
      (codes, { from, to }: { from: string; to: string }) =>
        store.registrationsByOriginAndDay(level, codes, from, to),
    ),
  });
  return {
    street: forLevel('street_code'),
    district: forLevel('district_code'),
    city: forLevel('city'),
  };
}

export type GroupCountLoaders = ReturnType<typeof createGroupCountLoaders>;
