import { areaRowsLoader, datedRowsLoader, type AreaLevel, type Database } from '@cityhub/kit';
import { SiteGroupStore } from './repositories/site-group-store.js';
import { StreetSiteSnapshotStore } from './repositories/street-site-snapshot-store.js';

/** Per-request loaders of the snapshot series: areas asking the same window share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new StreetSiteSnapshotStore(db);
  const groups = new SiteGroupStore(db);
  const byKindAndStreet = (level: AreaLevel) =>
    areaRowsLoader((codes, _args: null) => groups.byKindAndStreet(level, codes));
  return {
    byKindAndStreet: {
      street: byKindAndStreet('street_code'),
      district: byKindAndStreet('district_code'),
      city: byKindAndStreet('city'),
    },
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
