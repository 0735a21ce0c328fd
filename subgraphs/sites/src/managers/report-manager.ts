import { cityDate, hubEvent, type Caller, type Database, type Logger } from '@cityhub/kit';
import { sitesOutbox } from '../events.js';
import type { ReportStore, NewWorker } from '../repositories/report-store.js';
import type {
  DbDailyReportRow,
  DbReportWorkerRow,
  DbScreeningCaseRow,
  DbSiteRow,
  SubmitDailyReportParent,
} from '../repositories/rows.js';
import type { NewScreeningCase, ScreeningStore } from '../repositories/screening-store.js';
import type { SiteStore } from '../repositories/site-store.js';
import { requireReporterOf, requireSiteInView } from '../rules/access-rules.js';
import {
  checkReport,
  deriveReport,
  isScreenedArrival,
  screeningCaseOf,
  type CheckedWorker,
  type WorkerInput,
} from '../rules/report-rules.js';

export interface ReportManagerDeps {
  db: Database;
  sites: SiteStore;
  reports: ReportStore;
  screening: ScreeningStore;
  caller: Caller;
  personIdKey: string;
  logger: Logger;
  /** The city's date today; injectable for tests. */
  today?: () => string;
}

/** Business rules of daily reports: refusal as a whole, derivations, history and screening. */
export class ReportManager {
  constructor(private readonly deps: ReportManagerDeps) {}

  async submit(input: {
    siteId: string;
    reportDate: string;
    workers: readonly WorkerInput[];
  }): Promise<SubmitDailyReportParent> {
    const { sites, caller } = this.deps;
    const [site] = await sites.sitesByIds([input.siteId]);
    if (site) {
      requireSiteInView(caller, site);
      requireReporterOf(caller, site);
    }
    const today = (this.deps.today ?? cityDate)();
    const workers = checkReport(input, site ?? null, today, this.deps.personIdKey);
    const { report, opened } = await this.store(site!, input.reportDate, workers);
    this.deps.logger.info(
      {
        siteId: site!.id,
        reportDate: input.reportDate,
        version: report.version,
        headcount: report.headcount,
        newArrivals: report.newArrivalCount,
        screeningCasesOpened: opened.length,
      },
      'daily report stored',
    );
    return { report, openedScreeningCases: opened };
  }

  /**
   * In one transaction, with the site locked so that concurrent submissions apply in turn: replace
   * the current report for the date, derive against the previous one, open screening cases, and
   * rederive the following report, whose predecessor this one now is.
   */
  private async store(
    site: DbSiteRow,
    reportDate: string,
    workers: CheckedWorker[],
  ): Promise<{ report: DbDailyReportRow; opened: DbScreeningCaseRow[] }> {
    const { db, caller } = this.deps;
    return db.transaction(async (trx) => {
      const reports = this.deps.reports.in(trx);
      await reports.lockSite(site.id);
      const previous = await reports.neighbourReport(site.id, reportDate, 'before');
      const derived = deriveReport(
        workers,
        new Set(previous?.workers.map((w) => w.personId) ?? []),
        reportDate,
      );
      const version = (await reports.supersede(site.id, reportDate)) + 1;
      const rows: NewWorker[] = workers.map((worker, position) => ({
        position,
        ...worker,
        isNew: derived.isNew[position]!,
      }));
      const report = await reports.insertReport(
        {
          siteId: site.id,
          reportDate,
          submittedBy: caller.id,
          headcount: derived.headcount,
          newArrivalCount: derived.newArrivalCount,
          previousReportDate: previous?.report.reportDate ?? null,
        },
        version,
        rows,
      );
      const toScreen = rows
        .filter((_, i) => derived.needsScreening[i])
        .map((row) => caseFor(site, row, reportDate));
      const following = await reports.neighbourReport(site.id, reportDate, 'after');
      if (following) {
        const listedHere = new Set(rows.map((row) => row.personId));
        const nowNew = following.workers.filter((w) => !listedHere.has(w.personId));
        await reports.rederiveFollowing(
          following.report.id,
          reportDate,
          nowNew.map((w) => w.personId),
        );
        const followingDate = following.report.reportDate;
        for (const worker of nowNew)
          if (isScreenedArrival(worker, followingDate))
            toScreen.push(caseFor(site, worker, followingDate));
      }
      const opened = await this.deps.screening.in(trx).openCases(toScreen);
      await sitesOutbox.add(
        trx,
        ...opened.map((row) =>
          hubEvent(
            'sites.screening_case_opened',
            { streetCode: row.streetCode },
            { caseId: row.id, siteId: row.siteId, reportDate: row.reportDate },
          ),
        ),
      );
      return { report, opened };
    });
  }
}

function caseFor(
  site: DbSiteRow,
  worker: Pick<DbReportWorkerRow, 'personId' | 'name' | 'originCode' | 'arrivedOn'>,
  reportDate: string,
): NewScreeningCase {
  return { siteId: site.id, streetCode: site.streetCode, ...screeningCaseOf(worker, reportDate) };
}
