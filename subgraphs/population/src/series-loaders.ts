import { areaRowsLoader, datedRowsLoader, type AreaLevel } from '@cityhub/kit';
import { HealthCodeSnapshotStore } from './repositories/snapshot-store.js';
import { ArrivalGroupStore } from './repositories/arrival-group-store.js';
import type { Database } from '@cityhub/kit';

/** Per-request loaders of the health-code series: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new HealthCodeSnapshotStore(db);
  const arrivals = new ArrivalGroupStore(db);
  const arrivalsByOriginAndDay = (level: AreaLevel) =>
    areaRowsLoader((codes, { from, to }: { from: string; to: string }) =>
      arrivals.byOriginAndDay(level, codes, from, to),
    );
  return {
    arrivalsByOriginAndDay: {
      street: arrivalsByOriginAndDay('street_code'),
      district: arrivalsByOriginAndDay('district_code'),
      city: arrivalsByOriginAndDay('city'),
    },
    healthCodesByCommunity: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('community_code', codes, from, to),
    ),
    healthCodesByStreet: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('street_code', codes, from, to),
    ),
    healthCodesByDistrict: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('district_code', codes, from, to),
    ),
    healthCodesByCity: datedRowsLoader((codes, from, to) =>
      snapshots.seriesOf('city', codes, from, to),
    ),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
