import { Store, recordsOf, withinStreets } from '@cityhub/kit';
import type {
  DbOriginCountRow,
  DbReportWorkerRow,
  DbSiteAssignmentRow,
  DbWorkerArrivalRow,
} from './rows.js';

/** The workers the daily reports list: per report, per origin, per person. The only SQL about them. */
export class WorkerStore extends Store {
  workersByReports(reportIds: readonly number[]): Promise<DbReportWorkerRow[]> {
    return recordsOf<DbReportWorkerRow>(
      this.db('report_workers')
        .comment('sites.workersByReports')
        .select('*')
        .whereIn('report_id', reportIds)
        .orderBy([{ column: 'report_id' }, { column: 'position' }]),
    );
  }

  originCountsByReports(reportIds: readonly number[]): Promise<DbOriginCountRow[]> {
    return recordsOf<DbOriginCountRow>(
      this.db('report_workers')
        .comment('sites.originCountsByReports')
        .select('report_id', 'origin_code', 'from_key_region')
        .select(this.db.raw('count(*) AS workers, count(*) FILTER (WHERE is_new) AS new_arrivals'))
        .whereIn('report_id', reportIds)
        .groupBy('report_id', 'origin_code', 'from_key_region')
        .orderBy([
          { column: 'report_id' },
          { column: 'workers', order: 'desc' },
          { column: 'origin_code' },
        ]),
    );
  }

  /**
   * New arrivals from key regions on current reports, arrival date in the window: each worker's
   * first appearance as new on a site, earliest arrival first.
   */
  async keyRegionArrivals(
    from: string,
    to: string,
    streetCodes: string[] | null,
  ): Promise<DbWorkerArrivalRow[]> {
    const query = this.db('report_workers as w')
      .comment('sites.keyRegionArrivals')
      .join('daily_reports as r', 'r.id', 'w.report_id')
      .join('sites as s', 's.id', 'r.site_id')
      .distinctOn('w.person_id', 'r.site_id', 'w.arrived_on')
      .select('w.person_id', 'r.site_id', 'w.arrived_on', 'w.origin_code', 'r.report_date')
      .where('w.is_new', true)
      .where('w.from_key_region', true)
      .whereBetween('w.arrived_on', [from, to])
      .whereNull('r.superseded_at')
      .orderBy([
        { column: 'w.person_id' },
        { column: 'r.site_id' },
        { column: 'w.arrived_on' },
        { column: 'r.report_date' },
      ]);
    withinStreets(query, streetCodes, 's.street_code');
    const rows = await recordsOf<DbWorkerArrivalRow>(query);
    return rows.sort(
      (a, b) =>
        a.arrivedOn.localeCompare(b.arrivedOn) ||
        a.reportDate.localeCompare(b.reportDate) ||
        a.siteId.localeCompare(b.siteId) ||
        a.personId.localeCompare(b.personId),
    );
  }

  /** Where each person is listed on current reports, per site, most recent first. */
  assignmentsByPeople(personIds: readonly string[]): Promise<DbSiteAssignmentRow[]> {
    return recordsOf<DbSiteAssignmentRow>(
      this.db('report_workers as w')
        .comment('sites.assignmentsByPeople')
        .join('daily_reports as r', 'r.id', 'w.report_id')
        .join('sites as s', 's.id', 'r.site_id')
        .select('w.person_id', 'r.site_id', 's.street_code')
        .select(
          this.db.raw(
            'min(r.report_date) AS first_reported_on, max(r.report_date) AS last_reported_on, (array_agg(w.arrived_on ORDER BY r.report_date DESC))[1] AS arrived_on',
          ),
        )
        .whereIn('w.person_id', personIds)
        .whereNull('r.superseded_at')
        .groupBy('w.person_id', 'r.site_id', 's.street_code')
        .orderBy([
          { column: 'w.person_id' },
          { column: 'last_reported_on', order: 'desc' },
          { column: 'r.site_id' },
        ]),
    );
  }
}
