import { loadersPerLevel, type Database, type SeriesSpan } from '@cityhub/kit';
import { StreetSnapshotStore } from './repositories/street-snapshot-store.js';

/** Per-request loaders of the snapshot series: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new StreetSnapshotStore(db);
  return {
    snapshots: loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
      snapshots.seriesOf(level, codes, from, to),
    ),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
