import { areaRowsLoader, datedRowsLoader, type AreaLevel, type Database } from '@cityhub/kit';
import { FlagCountStore } from './repositories/flag-count-store.js';
import { LevelSeriesStore } from './repositories/level-series-store.js';

/** Per-request loaders of the level series: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const store = new LevelSeriesStore(db);
  const flags = new FlagCountStore(db);
  const flagCounts = (level: AreaLevel) =>
    areaRowsLoader((codes, month: string | null) => flags.byStatus(level, codes, month));
  return {
    flagCounts: {
      street: flagCounts('street_code'),
      district: flagCounts('district_code'),
      city: flagCounts('city'),
    },
    levelsByStreet: datedRowsLoader((codes, from, to) =>
      store.countsOver('street_code', codes, from, to),
    ),
    levelsByDistrict: datedRowsLoader((codes, from, to) =>
      store.countsOver('district_code', codes, from, to),
    ),
    levelsByCity: datedRowsLoader((codes, from, to) => store.countsOver('city', codes, from, to)),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
