import {
  InputProblems,
  dateOrToday,
  dateWindow,
  lazyConnection,
  lazyConnectionResolvers,
  ownersViewIf,
  pageOf,
  pageWithCursor,
  requireStreet,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbSiteRow, SiteFilter } from '../repositories/rows.js';
import { ownsSite, requireSiteInView, rowsInView, streetsInView } from '../rules/access-rules.js';
import { nearPointProblems } from '../rules/geo.js';

const MAX_REPORT_RANGE_DAYS = 366;
const MAX_NAME_SEARCH_LENGTH = 100;
/** A `near` search's cursor: "distance/id". */
const NEAR_CURSOR = /^[0-9.e+-]+\/.+$/;

/** The keyset: the id, or "distance/id" on the rows of a `near` search. */
function siteKey(row: DbSiteRow): string {
  return row.distanceMeters === undefined ? row.id : `${row.distanceMeters}/${row.id}`;
}

/**
 * A site's identity (name, place, contractor) is public information about a workplace; its reports,
 * workers and cases are rows of its street and follow the street rule.
 */
export const siteResolvers: Resolvers = {
  Query: {
    site: (_parent, { id }, { loaders }) => loaders.siteById.load(id),
    sites: (_parent, args, { sites, caller }) => {
      const problems = new InputProblems();
      const name = args.name?.trim() || null;
      if (name && name.length > MAX_NAME_SEARCH_LENGTH)
        problems.add('name', `at most ${MAX_NAME_SEARCH_LENGTH} characters`);
      if (args.near) nearPointProblems(args.near, problems);
      problems.throwIfAny();
      const page = args.near ? pageWithCursor(args, NEAR_CURSOR) : pageOf(args);
      const filter: SiteFilter = {
        streetCodes: streetsInView(caller, args.streetCode),
        kind: args.kind ?? null,
        status: args.status ?? null,
        name,
        near: args.near ?? null,
      };
      return lazyConnection(
        page,
        ({ limit, afterKey }) => sites.sitesPage(filter, limit + 1, afterKey),
        () => sites.sitesCount(filter),
      );
    },
    sitesNotReported: (_parent, args, { sites, caller }) =>
      sites.sitesWithoutReport(
        dateOrToday('date', args.date),
        streetsInView(caller, args.streetCode),
      ),
  },
  SiteConnection: lazyConnectionResolvers(siteKey),
  Site: {
    __resolveReference: ({ id }, { loaders }) => loaders.siteById.load(id),
    street: (row) => ({ code: row.streetCode }),
    location: (row) => ({ latitude: row.latitude, longitude: row.longitude }),
    distanceMeters: (row) => row.distanceMeters ?? null,
    contractor: (row) =>
      row.contractorCreditCode ? { creditCode: row.contractorCreditCode } : null,
    report: async (row, args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      const report = await loaders.currentReport.load({
        siteId: row.id,
        date: dateOrToday('date', args.date),
      });
      return report && ownersViewIf(ownsSite(caller, row), [report])[0]!;
    },
    latestReport: async (row, _args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      const report = await loaders.latestReportBySite.load(row.id);
      return report && ownersViewIf(ownsSite(caller, row), [report])[0]!;
    },
    reports: async (row, args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      return ownersViewIf(
        ownsSite(caller, row),
        await loaders.reportsInRange.load({
          siteId: row.id,
          ...dateWindow(args.from, args.to, MAX_REPORT_RANGE_DAYS),
        }),
      );
    },
    headcount: async (row, args, { loaders }) =>
      (await loaders.currentReport.load({ siteId: row.id, date: dateOrToday('date', args.date) }))
        ?.headcount ?? null,
    screeningCases: (row, args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      return loaders.casesBySite.load({ siteId: row.id, status: args.status ?? null });
    },
  },
  Street: {
    __resolveReference: ({ code }) => ({ code }),
    sites: ({ code }, args, { caller, loaders }) => {
      requireStreet(caller, code);
      const kind = args.kind ?? null;
      const status = args.status ?? null;
      // Through loaders, so that a dashboard of every street costs one statement, not one per street.
      return lazyConnection(
        pageOf(args),
        ({ limit, afterKey }) =>
          loaders.sitePageByStreet.load({
            streetCode: code,
            kind,
            status,
            limit: limit + 1,
            afterKey,
          }),
        () => loaders.siteTotalByStreet.load({ streetCode: code, kind, status }),
      );
    },
  },
  Enterprise: {
    __resolveReference: ({ creditCode }) => ({ creditCode }),
    sites: async ({ creditCode }, _args, { loaders, caller }) =>
      rowsInView(
        caller,
        await loaders.sitesByContractor.load(creditCode),
        (site) => site.streetCode,
      ),
  },
};
