import { loadersPerLevel, type Database, type SeriesSpan } from '@cityhub/kit';
import { SiteGroupStore } from './repositories/site-group-store.js';
import { StreetSiteSnapshotStore } from './repositories/street-site-snapshot-store.js';

/** Per-request loaders of the snapshot series and site counts: areas asking alike share one statement. */
export function createSeriesLoaders(db: Database) {
  const snapshots = new StreetSiteSnapshotStore(db);
  const groups = new SiteGroupStore(db);
  return {
    snapshots: loadersPerLevel((level, codes, { from, to }: SeriesSpan) =>
      snapshots.seriesOf(level, codes, from, to),
    ),
    byKindAndStreet: loadersPerLevel((level, codes) => groups.byKindAndStreet(level, codes)),
  };
}

export type SeriesLoaders = ReturnType<typeof createSeriesLoaders>;
