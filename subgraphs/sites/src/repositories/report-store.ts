import { Store, columnsOf, recordOf, recordsOf, type Snaked, withinStreets } from '@cityhub/kit';
import type {
  DbDailyReportRow,
  DbOriginCountRow,
  DbReportWorkerRow,
  DbSiteAssignmentRow,
  DbWorkerArrivalRow,
} from './rows.js';

export type NewReport = Pick<
  DbDailyReportRow,
  'siteId' | 'reportDate' | 'submittedBy' | 'headcount' | 'newArrivalCount' | 'previousReportDate'
>;

export type NewWorker = Omit<DbReportWorkerRow, 'reportId'>;

/** Daily reports and the workers they list. The only SQL about reports. */
export class ReportStore extends Store {
  reportsByIds(ids: readonly number[]): Promise<DbDailyReportRow[]> {
    return recordsOf<DbDailyReportRow>(
      this.db('daily_reports').comment('sites.reportsByIds').select('*').whereIn('id', ids),
    );
  }

  /** Current reports for (site, date) pairs, in one statement. */
  currentReports(
    keys: ReadonlyArray<{ siteId: string; date: string }>,
  ): Promise<DbDailyReportRow[]> {
    return recordsOf<DbDailyReportRow>(
      this.db('daily_reports as r')
        .comment('sites.currentReports')
        .select('r.*')
        .joinRaw(
          'JOIN unnest(?::text[], ?::date[]) AS k(site_id, report_date) ON k.site_id = r.site_id AND k.report_date = r.report_date',
          [keys.map((k) => k.siteId), keys.map((k) => k.date)],
        )
        .whereNull('r.superseded_at'),
    );
  }

  latestReportsBySites(siteIds: readonly string[]): Promise<DbDailyReportRow[]> {
    return recordsOf<DbDailyReportRow>(
      this.db('daily_reports')
        .comment('sites.latestReportsBySites')
        .distinctOn('site_id')
        .select('*')
        .whereIn('site_id', siteIds)
        .whereNull('superseded_at')
        .orderBy([{ column: 'site_id' }, { column: 'report_date', order: 'desc' }]),
    );
  }

  reportsBySitesInRange(
    siteIds: readonly string[],
    from: string,
    to: string,
  ): Promise<DbDailyReportRow[]> {
    return recordsOf<DbDailyReportRow>(
      this.db('daily_reports')
        .comment('sites.reportsBySitesInRange')
        .select('*')
        .whereIn('site_id', siteIds)
        .whereBetween('report_date', [from, to])
        .whereNull('superseded_at')
        .orderBy([{ column: 'site_id' }, { column: 'report_date', order: 'desc' }]),
    );
  }

  /** For each report, the versions it replaced, newest first. */
  async historyOfReports(
    reportIds: readonly number[],
  ): Promise<Array<DbDailyReportRow & { ofReportId: number }>> {
    return recordsOf<DbDailyReportRow & { ofReportId: number }>(
      this.db('daily_reports as r')
        .comment('sites.historyOfReports')
        .join('daily_reports as h', (on) =>
          on
            .on('h.site_id', 'r.site_id')
            .andOn('h.report_date', 'r.report_date')
            .andOn('h.version', '<', 'r.version'),
        )
        .select('h.*', { of_report_id: 'r.id' })
        .whereIn('r.id', reportIds)
        .orderBy([{ column: 'r.id' }, { column: 'h.version', order: 'desc' }]),
    );
  }

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

  // The statements below run inside the submission's transaction (`reports.in(trx)`).

  /** Locks the site's row so that two submissions for one site are applied one after the other. */
  async lockSite(siteId: string): Promise<void> {
    await this.db('sites').comment('sites.lockSite').select('id').where({ id: siteId }).forUpdate();
  }

  /** The site's current report just before or just after a date, with its workers. */
  async neighbourReport(
    siteId: string,
    date: string,
    direction: 'before' | 'after',
  ): Promise<{ report: DbDailyReportRow; workers: DbReportWorkerRow[] } | null> {
    const [report] = await recordsOf<DbDailyReportRow>(
      this.db('daily_reports')
        .comment(`sites.neighbourReport.${direction}`)
        .select('*')
        .where({ site_id: siteId })
        .where('report_date', direction === 'before' ? '<' : '>', date)
        .whereNull('superseded_at')
        .orderBy('report_date', direction === 'before' ? 'desc' : 'asc')
        .limit(1),
    );
    if (!report) return null;
    return { report, workers: await this.workersByReports([report.id]) };
  }

  /** Marks the current report for the site and date as replaced; returns its version, 0 if there was none. */
  async supersede(siteId: string, date: string): Promise<number> {
    const [row] = await this.db('daily_reports')
      .comment('sites.supersede')
      .where({ site_id: siteId, report_date: date })
      .whereNull('superseded_at')
      .update({ superseded_at: this.db.fn.now() })
      .returning('version');
    return row?.version ?? 0;
  }

  async insertReport(
    report: NewReport,
    version: number,
    workers: readonly NewWorker[],
  ): Promise<DbDailyReportRow> {
    const [row] = await this.db('daily_reports')
      .comment('sites.insertReport')
      .insert(columnsOf({ ...report, version }))
      .returning<Array<Snaked<DbDailyReportRow>>>('*');
    const stored = recordOf<DbDailyReportRow>(row!);
    // Parameters are capped at 65,535 per statement: big crews go in slices.
    for (let i = 0; i < workers.length; i += 5_000) {
      await this.db('report_workers')
        .comment('sites.insertReportWorkers')
        .insert(
          workers
            .slice(i, i + 5_000)
            .map((worker) => columnsOf({ ...worker, reportId: stored.id })),
        );
    }
    return stored;
  }

  /** Rederives the following report's new arrivals after an earlier report changed. */
  async rederiveFollowing(
    reportId: number,
    previousReportDate: string,
    newPersonIds: readonly string[],
  ): Promise<void> {
    await this.db('report_workers')
      .comment('sites.rederiveWorkers')
      .where({ report_id: reportId })
      .update({ is_new: this.db.raw('person_id = ANY(?::text[])', [[...newPersonIds]]) });
    await this.db('daily_reports')
      .comment('sites.rederiveReport')
      .where({ id: reportId })
      .update({ new_arrival_count: newPersonIds.length, previous_report_date: previousReportDate });
  }
}
