import { Store, columnsOf, recordOf, recordsOf, type Snaked } from '@cityhub/kit';
import type { DbDailyReportRow, DbReportWorkerRow } from './rows.js';
import { WorkerStore } from './worker-store.js';

export type NewReport = Pick<
  DbDailyReportRow,
  'siteId' | 'reportDate' | 'submittedBy' | 'headcount' | 'newArrivalCount' | 'previousReportDate'
>;

export type NewWorker = Omit<DbReportWorkerRow, 'reportId'>;

/** Daily reports and their versions. The only SQL about reports themselves. */
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
    return { report, workers: await new WorkerStore(this.db).workersByReports([report.id]) };
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
