import {
  cityMidnight,
  shiftDate,
  SnapshotTable,
  snapshotTasks,
  type FiguresPoint,
  type FiguresSeries,
} from '@cityhub/kit';
import type { HealthCounts } from './rows.js';

/** Residents by colour of one area on one day, as the snapshots hold them. */
export const HEALTH_FIGURES = [
  'residents',
  'green',
  'yellow',
  'red',
] as const satisfies ReadonlyArray<keyof HealthCounts>;

/** The daily health-code snapshots (`health_code_snapshots`). The only SQL about them. */
export class HealthCodeSnapshotStore extends SnapshotTable<keyof HealthCounts> {
  protected readonly table = 'health_code_snapshots';
  protected readonly figures = HEALTH_FIGURES;

  /**
   * Takes the snapshots of `dates`: the day that closed within the hour is copied from the live counts
   * (replacing one taken before); other days, missed by a stopped hub or a fresh install, are derived.
   */
  async take(dates: string[], now = new Date()): Promise<void> {
    const recent = dates.filter((date) => isRecentDay(date, now));
    for (const date of recent) await this.copyLiveCounts(date);
    await this.deriveFromChanges(dates.filter((date) => !recent.includes(date)));
  }

  /** Copies today's live counts as the snapshot of `date`, replacing one taken before. */
  private async copyLiveCounts(date: string): Promise<void> {
    await this.db.raw(
      `/* population.copyLiveHealthCounts */
       INSERT INTO health_code_snapshots AS s (snapshot_date, community_code, street_code, district_code, residents, green, yellow, red, source, taken_at)
       SELECT ?::date, cc.community_code, c.street_code, st.district_code, cc.residents, cc.green, cc.yellow, cc.red, 'COUNTED', now()
         FROM community_counts cc JOIN communities c ON c.code = cc.community_code JOIN streets st ON st.code = c.street_code
       ON CONFLICT (district_code, snapshot_date, community_code) DO UPDATE SET residents = excluded.residents, green = excluded.green,
         yellow = excluded.yellow, red = excluded.red, source = excluded.source, taken_at = excluded.taken_at`,
      [date],
    );
  }

  /**
   * Rebuilds the snapshots of past days that have none from the residents' last colour change: a
   * resident whose code changed after the day was green that day (codes turn yellow or red from
   * green, and the generated history changes each code once). Residents are grouped by community,
   * colour and day of change first, so a million residents cost one scan whatever the days.
   */
  private async deriveFromChanges(dates: string[]): Promise<void> {
    if (dates.length === 0) return;
    await this.db.raw(
      `/* population.deriveHealthCodeSnapshots */
       WITH changes AS (
         SELECT community_code, health_code, (health_code_changed_at AT TIME ZONE 'Asia/Shanghai')::date AS changed_on, count(*) AS n
           FROM residents WHERE community_code IS NOT NULL GROUP BY 1, 2, 3
       ), colours AS (
         SELECT d.day, ch.community_code, ch.n,
                CASE WHEN ch.changed_on <= d.day THEN ch.health_code ELSE 'GREEN' END AS colour
           FROM unnest(?::date[]) AS d(day) CROSS JOIN changes ch
       )
       INSERT INTO health_code_snapshots (snapshot_date, community_code, street_code, district_code, residents, green, yellow, red, source, taken_at)
       SELECT k.day, k.community_code, c.street_code, st.district_code, sum(k.n),
              coalesce(sum(k.n) FILTER (WHERE k.colour = 'GREEN'), 0), coalesce(sum(k.n) FILTER (WHERE k.colour = 'YELLOW'), 0),
              coalesce(sum(k.n) FILTER (WHERE k.colour = 'RED'), 0), 'DERIVED', now()
         FROM colours k JOIN communities c ON c.code = k.community_code JOIN streets st ON st.code = c.street_code
        GROUP BY k.day, k.community_code, c.street_code, st.district_code
       ON CONFLICT (district_code, snapshot_date, community_code) DO NOTHING`,
      [dates],
    );
  }
}

/**
 * Whether `date` ended within the last hour: the nightly job's case, when the live counts are
 * still that day's. Later, changes of the new day would be counted in it, so the day is derived.
 */
export function isRecentDay(date: string, now: Date): boolean {
  const sinceEnd = now.getTime() - cityMidnight(shiftDate(date, 1)).getTime();
  return sinceEnd >= 0 && sinceEnd < 3_600_000;
}

export type HealthCodeSeriesParent = FiguresSeries<keyof HealthCounts>;
export type HealthCodeSnapshotParent = FiguresPoint<keyof HealthCounts>;

/** The population department's daily snapshot job (residents by colour per community) and the seed's month of history. */
export const healthCodeSnapshots = snapshotTasks(
  'population.health-code-snapshots',
  (db) => new HealthCodeSnapshotStore(db),
);
