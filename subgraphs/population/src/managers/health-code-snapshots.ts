import type { DailySnapshotJob, Database } from '@cityhub/kit';
import { HealthCodeSnapshotStore, isRecentDay } from '../repositories/snapshot-store.js';

/**
 * The population department's daily snapshot: residents by colour per community. The day just
 * closed is copied from the live counts; older days missing (a fresh install, a hub that was down)
 * are derived from the residents' last colour change.
 */
export function healthCodeSnapshotJob(
  db: Database,
  now: () => Date = () => new Date(),
): DailySnapshotJob {
  const store = new HealthCodeSnapshotStore(db);
  return {
    name: 'population.health-code-snapshots',
    take: (date) =>
      isRecentDay(date, now()) ? store.copyLiveCounts(date) : store.deriveFromChanges([date]),
    missing: (from, to) => store.missingDates(from, to),
  };
}

/** Fills every day from `from` to `to` that has no snapshot, in one pass over the residents. */
export async function backfillHealthCodeSnapshots(
  db: Database,
  from: string,
  to: string,
): Promise<string[]> {
  const store = new HealthCodeSnapshotStore(db);
  const missing = await store.missingDates(from, to);
  await store.deriveFromChanges(missing);
  return missing;
}
