import { BadUserInputError, connectionFrom, pageOf } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { streetsInView } from '../managers/access.js';
import type { DbScreeningCaseRow } from '../repositories/rows.js';
import { dateWindow } from '@cityhub/kit';

const MAX_ARRIVAL_WINDOW_DAYS = 92;

const caseKey = (row: DbScreeningCaseRow) => String(row.id);

export const screeningResolvers: Resolvers = {
  Query: {
    screeningCases: (_parent, args, { screening, caller }) => {
      const page = pageOf(args);
      if (page.afterKey !== null && !/^\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      const filter = {
        streetCodes: streetsInView(caller, args.streetCode),
        siteId: args.siteId ?? null,
        status: args.status ?? null,
      };
      let rows: Promise<DbScreeningCaseRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () => (rows ??= screening.casesPage(filter, page.limit + 1, page.afterKey)),
      };
    },
    keyRegionWorkerArrivals: (_parent, args, { reports, caller }) => {
      const window = dateWindow(args.from, args.to, MAX_ARRIVAL_WINDOW_DAYS);
      return reports.keyRegionArrivals(
        window.from,
        window.to,
        streetsInView(caller, args.streetCode),
      );
    },
  },
  Mutation: {
    resolveScreeningCase: (_parent, { input }, { screeningManager }) =>
      screeningManager.resolve(input),
  },
  ScreeningCaseConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, caseKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, caseKey).pageInfo,
    totalCount: ({ filter }, _args, { screening }) => screening.casesCount(filter),
  },
  ScreeningCase: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.person_id }),
    workerName: (row) => row.worker_name,
    site: async (row, _args, { loaders }) => (await loaders.siteById.load(row.site_id))!,
    originCode: (row) => row.origin_code,
    arrivedOn: (row) => row.arrived_on,
    reportDate: (row) => row.report_date,
    openedAt: (row) => row.opened_at,
    certificateNumber: (row) => row.certificate_number,
    checkedBy: (row) => row.checked_by,
    checkedAt: (row) => row.checked_at,
  },
  WorkerArrival: {
    person: (row) => ({ id: row.person_id }),
    site: async (row, _args, { loaders }) => (await loaders.siteById.load(row.site_id))!,
    arrivedOn: (row) => row.arrived_on,
    originCode: (row) => row.origin_code,
    reportDate: (row) => row.report_date,
  },
};
