import type { DailySnapshotJob, Database } from '@cityhub/kit';
import { StreetSnapshotStore } from '../repositories/street-snapshot-store.js';

/** The enterprises department's daily snapshot: per street, enterprises, resumption and shops. */
export function streetSnapshotJob(db: Database): DailySnapshotJob {
  const store = new StreetSnapshotStore(db);
  return {
    name: 'enterprises.street-snapshots',
    take: (date) => store.take([date]),
    missing: (from, to) => store.missingDates(from, to),
  };
}

/** Fills every day from `from` to `to` that has no snapshot, in one statement. */
export async function backfillStreetSnapshots(
  db: Database,
  from: string,
  to: string,
): Promise<string[]> {
  const store = new StreetSnapshotStore(db);
  const missing = await store.missingDates(from, to);
  await store.take(missing);
  return missing;
}
