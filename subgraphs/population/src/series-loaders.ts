import { datedRowsLoader, loadersPerLevel, type Database, type SeriesSpan } from '@cityhub/kit';
import { ArrivalGroupStore } from './repositories/arrival-group-store.js';
import { HealthCodeSnapshotStore } from './repositories/snapshot-store.js';

/** Per-request loaders of the series and group-bys: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new HealthCodeSnapshotStore(db);
  const arrivals = new ArrivalGroupStore(db);
  return {
    healthCodes: {
      ...loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
        snapshots.seriesOf(level, codes, from, to),
      ),
      community: datedRowsLoader((codes, from, to) =>
        snapshots.seriesOf('community_code', codes, from, to),
      ),
    },
    arrivalsByOriginAndDay: loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
      arrivals.byOriginAndDay(level, codes, from, to),
    ),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
