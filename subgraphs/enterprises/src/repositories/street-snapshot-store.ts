import { SnapshotTable, snapshotTasks, type FiguresPoint, type FiguresSeries } from '@cityhub/kit';

/** One area's enterprises, resumption and shops on one day, as the snapshots hold them. */
export const RESUMPTION_FIGURES = [
  'enterprises',
  'operating_enterprises',
  'resumed_enterprises',
  'shops',
  'shop_staff',
  'shop_staff_approved',
] as const;
type Figure = (typeof RESUMPTION_FIGURES)[number];

export type ResumptionSeriesParent = FiguresSeries<Figure>;
export type ResumptionSnapshotParent = FiguresPoint<Figure>;

/** The daily street snapshots (`street_snapshots`). The only SQL about them. */
export class StreetSnapshotStore extends SnapshotTable<Figure> {
  protected readonly table = 'street_snapshots';
  protected readonly figures = RESUMPTION_FIGURES;

  /**
   * Takes the snapshots of `dates` from the dated records: enterprises registered by the day's
   * end (with their status today), approved filings reviewed by then, shops and staff registered
   * by then. One statement for every street and day; a day taken before is retaken.
   */
  take(dates: string[]): Promise<void> {
    return this.upsertStreetDays(
      'enterprises.takeStreetSnapshots',
      dates,
      `streets AS (
         SELECT street_code FROM enterprises UNION SELECT street_code FROM shops
       ), e AS (
         SELECT days.day, x.street_code, count(*) AS total, count(*) FILTER (WHERE x.status = 'OPERATING') AS operating
           FROM days JOIN enterprises x ON x.registered_on <= days.day GROUP BY 1, 2
       ), f AS (
         SELECT days.day, x.street_code, count(DISTINCT x.credit_code) AS resumed
           FROM days JOIN filings x ON x.status = 'APPROVED' AND x.reviewed_at < days.day_end GROUP BY 1, 2
       ), s AS (
         SELECT days.day, x.street_code, count(*) AS shops FROM days JOIN shops x ON x.registered_at < days.day_end GROUP BY 1, 2
       ), st AS (
         SELECT days.day, sh.street_code, count(*) AS staff,
                count(*) FILTER (WHERE x.status = 'APPROVED' AND x.decided_at < days.day_end) AS approved
           FROM days JOIN shop_staff x ON x.registered_at < days.day_end JOIN shops sh ON sh.id = x.shop_id GROUP BY 1, 2
       )`,
      `SELECT days.day, streets.street_code, left(streets.street_code, 6), coalesce(e.total, 0), coalesce(e.operating, 0),
              coalesce(f.resumed, 0), coalesce(s.shops, 0), coalesce(st.staff, 0), coalesce(st.approved, 0), now()
         FROM days CROSS JOIN streets
         LEFT JOIN e ON e.day = days.day AND e.street_code = streets.street_code
         LEFT JOIN f ON f.day = days.day AND f.street_code = streets.street_code
         LEFT JOIN s ON s.day = days.day AND s.street_code = streets.street_code
         LEFT JOIN st ON st.day = days.day AND st.street_code = streets.street_code`,
    );
  }
}

/** The department's daily snapshot job and the seed's month of history. */
export const streetSnapshots = snapshotTasks(
  'enterprises.street-snapshots',
  (db) => new StreetSnapshotStore(db),
);
