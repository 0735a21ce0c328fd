import { groupBy, groupLoader, objectKeyedLoader, pushTo, rowLoader } from '@cityhub/kit';
import type { ReportStore } from './repositories/report-store.js';
import type {
  DbDailyReportRow,
  DbScreeningCaseRow,
  DbSiteRow,
  ScreeningStatus,
  SiteKind,
  SiteStatus,
  DbVenueCountRow,
} from './repositories/rows.js';
import type { ScreeningStore } from './repositories/screening-store.js';
import type { SiteStore } from './repositories/site-store.js';
import type { VenueStore } from './repositories/venue-store.js';

export interface StreetSitesKey {
  streetCode: string;
  kind: SiteKind | null;
  status: SiteStatus | null;
  limit: number;
  afterKey: string | null;
}

export interface SiteDateKey {
  siteId: string;
  date: string;
}

export interface SiteRangeKey {
  siteId: string;
  from: string;
  to: string;
}

export interface VenueWindowKey {
  siteId: string;
  from: string;
  to: string;
}

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createSitesLoaders(
  sites: SiteStore,
  reports: ReportStore,
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
      (row) => row.contractor_credit_code!,
    ),
    sitePageByStreet: objectKeyedLoader<StreetSitesKey, DbSiteRow[]>(async (keys) => {
      // Streets asked for with the same arguments share one statement.
      const pages = new Map<string, DbSiteRow[]>();
      for (const [argsKey, group] of groupBy(keys, argsOf)) {
        const first = group[0]!;
        const rows = await sites.sitePagesByStreets(
          group.map((key) => key.streetCode),
          first.kind,
          first.status,
          first.limit,
          first.afterKey,
        );
        for (const row of rows) pushTo(pages, `${argsKey}|${row.street_code}`, row);
      }
      return keys.map((key) => pages.get(`${argsOf(key)}|${key.streetCode}`) ?? []);
    }),
    siteTotalByStreet: objectKeyedLoader<
      Pick<StreetSitesKey, 'streetCode' | 'kind' | 'status'>,
      number
    >(async (keys) => {
      const totals = new Map<string, number>();
      for (const [argsKey, group] of groupBy(
        keys,
        (key) => `${key.kind ?? ''}|${key.status ?? ''}`,
      )) {
        for (const row of await sites.siteTotalsByStreets(
          group.map((key) => key.streetCode),
          group[0]!.kind,
          group[0]!.status,
        ))
          totals.set(`${argsKey}|${row.street_code}`, Number(row.total));
      }
      return keys.map(
        (key) => totals.get(`${key.kind ?? ''}|${key.status ?? ''}|${key.streetCode}`) ?? 0,
      );
    }),
    currentReport: objectKeyedLoader<SiteDateKey, DbDailyReportRow | null>(async (keys) => {
      const byKey = new Map(
        (await reports.currentReports(keys)).map((row) => [
          `${row.site_id}|${row.report_date}`,
          row,
        ]),
      );
      return keys.map((key) => byKey.get(`${key.siteId}|${key.date}`) ?? null);
    }),
    latestReportBySite: rowLoader(
      (ids: readonly string[]) => reports.latestReportsBySites(ids),
      (row) => row.site_id,
    ),
    reportsInRange: objectKeyedLoader<SiteRangeKey, DbDailyReportRow[]>(async (keys) => {
      const lists = new Map<string, DbDailyReportRow[]>();
      for (const [window, group] of groupBy(keys, (key) => `${key.from}|${key.to}`)) {
        for (const row of await reports.reportsBySitesInRange(
          group.map((key) => key.siteId),
          group[0]!.from,
          group[0]!.to,
        ))
          pushTo(lists, `${window}|${row.site_id}`, row);
      }
      return keys.map((key) => lists.get(`${key.from}|${key.to}|${key.siteId}`) ?? []);
    }),
    historyByReport: groupLoader(
      (ids: readonly number[]) => reports.historyOfReports(ids),
      (row) => row.of_report_id,
    ),
    workersByReport: groupLoader(
      (ids: readonly number[]) => reports.workersByReports(ids),
      (row) => row.report_id,
    ),
    originsByReport: groupLoader(
      (ids: readonly number[]) => reports.originCountsByReports(ids),
      (row) => row.report_id,
    ),
    assignmentsByPerson: groupLoader(
      (ids: readonly string[]) => reports.assignmentsByPeople(ids),
      (row) => row.person_id,
    ),
    casesBySite: objectKeyedLoader<
      { siteId: string; status: ScreeningStatus | null },
      DbScreeningCaseRow[]
    >(async (keys) => {
      const lists = new Map<string, DbScreeningCaseRow[]>();
      for (const [status, group] of groupBy(keys, (key) => key.status ?? '')) {
        for (const row of await screening.casesBySites(
          group.map((key) => key.siteId),
          (status || null) as ScreeningStatus | null,
        ))
          pushTo(lists, `${status}|${row.site_id}`, row);
      }
      return keys.map((key) => lists.get(`${key.status ?? ''}|${key.siteId}`) ?? []);
    }),
    venueCounts: objectKeyedLoader<VenueWindowKey, DbVenueCountRow[]>(async (keys) => {
      const lists = new Map<string, DbVenueCountRow[]>();
      for (const [window, group] of groupBy(keys, (key) => `${key.from}|${key.to}`)) {
        const rows = await venues.countsByVenues(
          group.map((key) => key.siteId),
          new Date(group[0]!.from),
          new Date(group[0]!.to),
        );
        for (const row of rows) pushTo(lists, `${window}|${row.site_id}`, row);
      }
      return keys.map((key) => lists.get(`${key.from}|${key.to}|${key.siteId}`) ?? []);
    }),
  };
}

export type SitesLoaders = ReturnType<typeof createSitesLoaders>;

function argsOf(key: StreetSitesKey): string {
  return `${key.kind ?? ''}|${key.status ?? ''}|${key.limit}|${key.afterKey ?? ''}`;
}
