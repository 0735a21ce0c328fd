import {
  backfillSnapshots,
  missingSnapshotDates,
  snapshotJobOf,
  sumSnapshotsByArea,
  type AreaLevel,
  type Database,
  type SeriesParent,
  type SeriesPoint,
} from '@cityhub/kit';

/** One area's sites, headcount and open cases on one day, as the snapshots hold them. */
export interface SiteSnapshotRow {
  key: string;
  date: string;
  sites: number;
  active_construction_sites: number;
  reported_sites: number;
  headcount: number;
  new_arrivals: number;
  open_screening_cases: number;
  taken_at: Date;
}

export type SiteSeriesParent = SeriesParent<SiteSnapshotRow>;
export type SiteSnapshotParent = SeriesPoint<SiteSnapshotRow>;

/** The daily street snapshots of sites (`street_site_snapshots`). The only SQL about them. */
export class StreetSiteSnapshotStore {
  constructor(private readonly db: Database) {}

  /**
   * Takes the snapshots of `dates` from the dated records: each day's current daily reports
   * (headcount, new arrivals, sites that reported), screening cases opened by the day's end and not
   * yet checked then; the sites themselves with today's status. A day taken before is retaken.
   */
  async take(dates: string[]): Promise<void> {
    if (dates.length === 0) return;
    await this.db.raw(
      `/* sites.takeStreetSiteSnapshots */
       WITH days AS (
         SELECT d AS day, (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS day_end FROM unnest(?::date[]) AS d
       ), streets AS (
         SELECT street_code, count(*) AS sites,
                count(*) FILTER (WHERE kind = 'CONSTRUCTION' AND status = 'ACTIVE') AS active_construction_sites
           FROM sites GROUP BY street_code
       ), r AS (
         SELECT days.day, s.street_code, count(DISTINCT r.site_id) AS reported, sum(r.headcount) AS headcount,
                sum(r.new_arrival_count) AS new_arrivals
           FROM days JOIN daily_reports r ON r.report_date = days.day AND r.superseded_at IS NULL
           JOIN sites s ON s.id = r.site_id GROUP BY 1, 2
       ), c AS (
         SELECT days.day, x.street_code, count(*) AS open_cases
           FROM days JOIN screening_cases x ON x.opened_at < days.day_end AND (x.checked_at IS NULL OR x.checked_at >= days.day_end)
          GROUP BY 1, 2
       )
       INSERT INTO street_site_snapshots (snapshot_date, street_code, district_code, sites, active_construction_sites,
                                          reported_sites, headcount, new_arrivals, open_screening_cases, taken_at)
       SELECT days.day, streets.street_code, left(streets.street_code, 6), streets.sites, streets.active_construction_sites,
              coalesce(r.reported, 0), coalesce(r.headcount, 0), coalesce(r.new_arrivals, 0), coalesce(c.open_cases, 0), now()
         FROM days CROSS JOIN streets
         LEFT JOIN r ON r.day = days.day AND r.street_code = streets.street_code
         LEFT JOIN c ON c.day = days.day AND c.street_code = streets.street_code
       ON CONFLICT (snapshot_date, street_code) DO UPDATE SET sites = excluded.sites,
         active_construction_sites = excluded.active_construction_sites, reported_sites = excluded.reported_sites,
         headcount = excluded.headcount, new_arrivals = excluded.new_arrivals,
         open_screening_cases = excluded.open_screening_cases, taken_at = excluded.taken_at`,
      [dates],
    );
  }

  /** The days from `from` to `to` without any snapshot. */
  missingDates(from: string, to: string): Promise<string[]> {
    return missingSnapshotDates(this.db, 'street_site_snapshots', from, to);
  }

  /** Each area's figures per day from `from` to `to`, for many streets or districts in one statement. */
  seriesOf(level: AreaLevel, codes: string[], from: string, to: string) {
    return sumSnapshotsByArea<SiteSnapshotRow>(this.db, {
      table: 'street_site_snapshots',
      level,
      codes,
      from,
      to,
      sums: {
        sites: 'sites',
        active_construction_sites: 'active_construction_sites',
        reported_sites: 'reported_sites',
        headcount: 'headcount',
        new_arrivals: 'new_arrivals',
        open_screening_cases: 'open_screening_cases',
      },
    });
  }
}

/** The department's daily snapshot job. */
export const siteSnapshotJob = (db: Database) =>
  snapshotJobOf('sites.street-snapshots', new StreetSiteSnapshotStore(db));

/** Backfills the snapshots (the seed's month of history). */
export const backfillSiteSnapshots = (db: Database, from: string, to: string) =>
  backfillSnapshots(new StreetSiteSnapshotStore(db), from, to);
