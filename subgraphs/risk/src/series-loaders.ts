import { loadersPerLevel, type Database, type SeriesSpan } from '@cityhub/kit';
import { FlagCountStore } from './repositories/flag-count-store.js';
import { LevelSeriesStore } from './repositories/level-series-store.js';

/** Per-request loaders of the level series and flag counts: areas asking alike share one statement. */
export function createSeriesLoaders(db: Database) {
  const store = new LevelSeriesStore(db);
  const flags = new FlagCountStore(db);
  return {
    levels: loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
      store.countsOver(level, codes, from, to),
    ),
    flagCounts: loadersPerLevel((level, codes, month: string | null) =>
      flags.byStatus(level, codes, month),
    ),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
