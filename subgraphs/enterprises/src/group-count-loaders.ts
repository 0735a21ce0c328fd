import { loadersPerLevel, type Database, type SeriesSpan } from '@cityhub/kit';
import { GroupCountStore } from './repositories/group-count-store.js';

/** Per-request loaders of the group-by aggregates, one per area level. */
export function createGroupCountLoaders(db: Database) {
  const store = new GroupCountStore(db);
  return {
    warningsByIndustry: loadersPerLevel((level, codes, since: string | null) =>
      store.warningsByIndustry(level, codes, since),
    ),
    registrationsByOriginAndDay: loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
      store.registrationsByOriginAndDay(level, codes, from, to),
    ),
  };
}

export type GroupCountLoaders = ReturnType<typeof createGroupCountLoaders>;
