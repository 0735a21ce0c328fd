import { SnapshotTable, snapshotTasks, type FiguresPoint, type FiguresSeries } from '@cityhub/kit';

/** One area's sites, headcount and open cases on one day, as the snapshots hold them. */
export const SITE_FIGURES = [
  'sites',
  'active_construction_sites',
  'reported_sites',
  'headcount',
  'new_arrivals',
  'open_screening_cases',
] as const;
type Figure = (typeof SITE_FIGURES)[number];

export type SiteSeriesParent = FiguresSeries<Figure>;
export type SiteSnapshotParent = FiguresPoint<Figure>;

/** The daily street snapshots of sites (`street_site_snapshots`). The only SQL about them. */
export class StreetSiteSnapshotStore extends SnapshotTable<Figure> {
  protected readonly table = 'street_site_snapshots';
  protected readonly figures = SITE_FIGURES;

  /**
   * Takes the snapshots of `dates` from the dated records: each day's current daily reports
   * (headcount, new arrivals, sites that reported), screening cases opened by the day's end and not
   * yet checked then; the sites themselves with today's status. A day taken before is retaken.
   */
  take(dates: string[]): Promise<void> {
    return this.upsertStreetDays(
      'sites.takeStreetSiteSnapshots',
      dates,
      `streets AS (
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
       )`,
      `SELECT days.day, streets.street_code, left(streets.street_code, 6), streets.sites, streets.active_construction_sites,
              coalesce(r.reported, 0), coalesce(r.headcount, 0), coalesce(r.new_arrivals, 0), coalesce(c.open_cases, 0), now()
         FROM days CROSS JOIN streets
         LEFT JOIN r ON r.day = days.day AND r.street_code = streets.street_code
         LEFT JOIN c ON c.day = days.day AND c.street_code = streets.street_code`,
    );
  }
}

/** The department's daily snapshot job and the seed's month of history. */
export const siteSnapshots = snapshotTasks(
  'sites.street-snapshots',
  (db) => new StreetSiteSnapshotStore(db),
);
