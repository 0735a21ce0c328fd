import {
  groupLoader,
  objectKeyedLoader,
  groupLoaderByArguments,
  countLoaderByArguments,
  rowLoader,
} from '@cityhub/kit';
import type { ReportStore } from './repositories/report-store.js';
import type {
  DbDailyReportRow,
  ScreeningStatus,
  SiteKind,
  SiteStatus,
} from './repositories/rows.js';
import type { ScreeningStore } from './repositories/screening-store.js';
import type { SiteStore } from './repositories/site-store.js';
import type { VenueStore } from './repositories/venue-store.js';
import type { WorkerStore } from './repositories/worker-store.js';

interface StreetSitesKey {
  streetCode: string;
  kind: SiteKind | null;
  status: SiteStatus | null;
}

interface SiteWindowKey {
  siteId: string;
  from: string;
  to: string;
}

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createSitesLoaders(
  sites: SiteStore,
  reports: ReportStore,
  workers: WorkerStore,
  screening: ScreeningStore,
  venues: VenueStore,
) {
  return {
    siteById: rowLoader(
      (ids: readonly string[]) => sites.sitesByIds(ids),
      (row) => row.id,
    ),
    sitesByContractor: groupLoader(
      (codes: readonly string[]) => sites.sitesByContractors(codes),
      (row) => row.contractorCreditCode!,
    ),
    sitePageByStreet: groupLoaderByArguments(
      'streetCode',
      (streets, key: StreetSitesKey & { limit: number; afterKey: string | null }) =>
        sites.sitePagesByStreets(streets, key.kind, key.status, key.limit, key.afterKey),
      (row) => row.streetCode,
    ),
    siteTotalByStreet: countLoaderByArguments(
      'streetCode',
      (streets, key: StreetSitesKey) => sites.siteTotalsByStreets(streets, key.kind, key.status),
      (row) => row.streetCode,
    ),
    currentReport: objectKeyedLoader<{ siteId: string; date: string }, DbDailyReportRow | null>(
      async (keys) => {
        const byKey = new Map(
          (await reports.currentReports(keys)).map((row) => [
            `${row.siteId}|${row.reportDate}`,
            row,
          ]),
        );
        return keys.map((key) => byKey.get(`${key.siteId}|${key.date}`) ?? null);
      },
    ),
    latestReportBySite: rowLoader(
      (ids: readonly string[]) => reports.latestReportsBySites(ids),
      (row) => row.siteId,
    ),
    reportsInRange: groupLoaderByArguments(
      'siteId',
      (ids, { from, to }: SiteWindowKey) => reports.reportsBySitesInRange(ids, from, to),
      (row) => row.siteId,
    ),
    historyByReport: groupLoader(
      (ids: readonly number[]) => reports.historyOfReports(ids),
      (row) => row.ofReportId,
    ),
    workersByReport: groupLoader(
      (ids: readonly number[]) => workers.workersByReports(ids),
      (row) => row.reportId,
    ),
    originsByReport: groupLoader(
      (ids: readonly number[]) => workers.originCountsByReports(ids),
      (row) => row.reportId,
    ),
    assignmentsByPerson: groupLoader(
      (ids: readonly string[]) => workers.assignmentsByPeople(ids),
      (row) => row.personId,
    ),
    casesBySite: groupLoaderByArguments(
      'siteId',
      (ids, { status }: { siteId: string; status: ScreeningStatus | null }) =>
        screening.casesBySites(ids, status),
      (row) => row.siteId,
    ),
    venueCounts: groupLoaderByArguments(
      'siteId',
      (ids, { from, to }: SiteWindowKey) =>
        venues.countsByVenues(ids, new Date(from), new Date(to)),
      (row) => row.siteId,
    ),
  };
}

export type SitesLoaders = ReturnType<typeof createSitesLoaders>;
