import { BadUserInputError, connectionFrom, pageOf, requireStreet } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { requireSiteInView, streetsInView } from '../managers/access.js';
import { checkNearPoint } from '../managers/geo.js';
import type { DbSiteRow, SiteConnectionParent, SiteFilter } from '../repositories/rows.js';
import type { SitesContext } from '../context.js';
import { dateOrToday, dateWindow } from '@cityhub/kit';

const MAX_REPORT_RANGE_DAYS = 366;
const MAX_NAME_SEARCH_LENGTH = 100;

function siteKey(filter: SiteFilter) {
  return (row: DbSiteRow) => (filter.near ? `${row.distance_meters}/${row.id}` : row.id);
}

function searchConnection(
  filter: SiteFilter,
  args: { first?: number | null; after?: string | null },
  { sites }: SitesContext,
): SiteConnectionParent {
  const page = pageOf(args);
  if (page.afterKey !== null && filter.near && !/^[0-9.e+-]+\/.+$/.test(page.afterKey))
    throw new BadUserInputError('after', 'not a cursor of this search');
  let rows: Promise<DbSiteRow[]> | undefined;
  let total: Promise<number> | undefined;
  return {
    filter,
    ...page,
    rows: () => (rows ??= sites.sitesPage(filter, page.limit + 1, page.afterKey)),
    total: () => (total ??= sites.sitesCount(filter)),
  };
}

/**
 * A site's identity (name, place, contractor) is public information about a workplace; its reports,
 * workers and cases are rows of its street and follow the street rule.
 */
export const siteResolvers: Resolvers = {
  Query: {
    site: (_parent, { id }, { loaders }) => loaders.siteById.load(id),
    sites: (_parent, args, context) => {
      const name = args.name?.trim() || null;
      if (name && name.length > MAX_NAME_SEARCH_LENGTH)
        throw new BadUserInputError('name', `at most ${MAX_NAME_SEARCH_LENGTH} characters`);
      const filter: SiteFilter = {
        streetCodes: streetsInView(context.caller, args.streetCode),
        kind: args.kind ?? null,
        status: args.status ?? null,
        name,
        near: args.near ? checkNearPoint(args.near) : null,
      };
      return searchConnection(filter, args, context);
    },
    sitesNotReported: (_parent, args, { sites, caller }) =>
      sites.sitesWithoutReport(
        dateOrToday('date', args.date),
        streetsInView(caller, args.streetCode),
      ),
  },
  SiteConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, siteKey(page.filter)).edges,
    pageInfo: async (page) =>
      connectionFrom(await page.rows(), page, siteKey(page.filter)).pageInfo,
    totalCount: (page) => page.total(),
  },
  Site: {
    __resolveReference: ({ id }, { loaders }) => loaders.siteById.load(id),
    street: (row) => ({ code: row.street_code }),
    location: (row) => ({ latitude: row.latitude, longitude: row.longitude }),
    distanceMeters: (row) => row.distance_meters ?? null,
    contractor: (row) =>
      row.contractor_credit_code ? { creditCode: row.contractor_credit_code } : null,
    report: (row, args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      return loaders.currentReport.load({ siteId: row.id, date: dateOrToday('date', args.date) });
    },
    latestReport: (row, _args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      return loaders.latestReportBySite.load(row.id);
    },
    reports: (row, args, { loaders, caller }) => {
      requireSiteInView(caller, row);
      return loaders.reportsInRange.load({
        siteId: row.id,
        ...dateWindow(args.from, args.to, MAX_REPORT_RANGE_DAYS),
      });
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
      const page = pageOf(args);
      const kind = args.kind ?? null;
      const status = args.status ?? null;
      const filter: SiteFilter = { streetCodes: [code], kind, status, name: null, near: null };
      // Through loaders, so that a dashboard of every street costs one statement, not one per street.
      return {
        filter,
        ...page,
        rows: () =>
          loaders.sitePageByStreet.load({
            streetCode: code,
            kind,
            status,
            limit: page.limit + 1,
            afterKey: page.afterKey,
          }),
        total: () => loaders.siteTotalByStreet.load({ streetCode: code, kind, status }),
      };
    },
  },
  Enterprise: {
    __resolveReference: ({ creditCode }) => ({ creditCode }),
    sites: async ({ creditCode }, _args, { loaders, caller }) =>
      (await loaders.sitesByContractor.load(creditCode)).filter(
        (site) => caller.streets === null || caller.streets.includes(site.street_code),
      ),
  },
};
