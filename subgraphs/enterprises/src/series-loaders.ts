import { datedRowsLoader, type Database } from '@cityhub/kit';
import { StreetSnapshotStore } from './repositories/street-snapshot-store.js';

/** Per-request loaders of the snapshot series: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new StreetSnapshotStore(db);
  return {
    snapshotsByStreet: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('street_code', codes, from, to),
    ),
    snapshotsByDistrict: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('district_code', codes, from, to),
    ),
    snapshotsByCity: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('city', codes, from, to),
    ),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
