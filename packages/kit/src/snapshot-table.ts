import {
  backfillSnapshots,
  missingSnapshotDates,
  snapshotJobOf,
  sumSnapshotsByArea,
  type DailySnapshotJob,
  type DailySnapshotStore,
} from './daily-snapshots.js';
import type { Database } from './database.js';
import { Store } from './store.js';
import type { AreaLevel, DatedRow, SeriesParent, SeriesPoint } from './time-series.js';

/** An area's figures on one day (a snapshot, or counts of dated rows), with when they were taken. */
export type DatedFigures<F extends string> = DatedRow & Record<F, number> & { taken_at: Date };

/** What a series type of these figures resolves from, and one point of it. */
export type FiguresSeries<F extends string> = SeriesParent<DatedFigures<F>>;
export type FiguresPoint<F extends string> = SeriesPoint<DatedFigures<F>>;

/** The SQL of the days a snapshot takes (`?`: the dates), each with its end in city time. */
export const SNAPSHOT_DAYS_SQL = `days AS (
  SELECT d AS day, (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS day_end FROM unnest(?::date[]) AS d
)`;

/**
 * A department's daily snapshot table (keyed by `snapshot_date`, one row per area and day). What a
 * day holds is the department's own SQL (`take`); the days missing and the series summed per area
 * are the same for every department, and live here once.
 */
export abstract class SnapshotTable<F extends string> extends Store implements DailySnapshotStore {
  /** The table's name. */
  protected abstract readonly table: string;
  /** The figure columns the series sum. */
  protected abstract readonly figures: readonly F[];

  /** Takes (or retakes) the snapshots of `dates`. */
  abstract take(dates: string[]): Promise<void>;

  /**
   * Writes the street snapshots of `dates` in one statement labelled `label`: `ctes` follow the
   * days (`SNAPSHOT_DAYS_SQL`); `select` gives each day and street its date, street code, district
   * code, the figures in their order and `now()`. A day taken before is retaken.
   */
  protected async upsertStreetDays(label: string, dates: string[], ctes: string, select: string) {
    if (dates.length === 0) return;
    const updates = [...this.figures, 'taken_at'].map((column) => `${column} = excluded.${column}`);
    await this.db.raw(
      `/* ${label} */
       WITH ${SNAPSHOT_DAYS_SQL}, ${ctes}
       INSERT INTO ${this.table} (snapshot_date, street_code, district_code, ${this.figures.join(', ')}, taken_at)
       ${select}
       ON CONFLICT (snapshot_date, street_code) DO UPDATE SET ${updates.join(', ')}`,
      [dates],
    );
  }

  /** The days from `from` to `to` without any snapshot. */
  missingDates(from: string, to: string): Promise<string[]> {
    return missingSnapshotDates(this.db, this.table, from, to);
  }

  /** Each area's figures per day from `from` to `to`, for many areas of one level in one statement. */
  seriesOf(level: AreaLevel, codes: string[], from: string, to: string) {
    return sumSnapshotsByArea<DatedFigures<F>>(this.db, {
      table: this.table,
      level,
      codes,
      from,
      to,
      sums: Object.fromEntries(this.figures.map((figure) => [figure, figure])),
    });
  }
}

/** A snapshot table's daily job (named `name` in the log) and the seed's backfill of it. */
export function snapshotTasks(name: string, table: (db: Database) => DailySnapshotStore) {
  return {
    job: (db: Database): DailySnapshotJob => snapshotJobOf(name, table(db)),
    backfill: (db: Database, from: string, to: string) => backfillSnapshots(table(db), from, to),
  };
}
