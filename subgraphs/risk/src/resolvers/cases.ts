import {
  BadUserInputError,
  ForbiddenError,
  connectionFrom,
  mayReadPersonalData,
  pageOf,
  requireStreet,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { ingestCaseReports, MAX_REPORTS_PER_CALL } from '../managers/case-report-ingest.js';
import type { DbCaseReportRow } from '../repositories/rows.js';
import { historyWindow } from './dates.js';

const caseKey = (row: DbCaseReportRow) => `${row.reported_on}/${row.id}`;

export const caseResolvers: Resolvers = {
  Query: {
    caseReports: (_parent, args, { caseReports, caller }) => {
      const window = historyWindow(args.from, args.to);
      if (args.streetCode) requireStreet(caller, args.streetCode);
      if (args.communityCode) requireStreet(caller, args.communityCode.slice(0, 9));
      // The list filtered by kind would say what each person was reported for, as kind itself does.
      if (args.kind && !mayReadPersonalData(caller))
        throw new ForbiddenError(
          'Filtering case reports by kind needs the scope pii:read and a stated purpose.',
          { pii: 'HEALTH' },
        );
      const filter = {
        ...window,
        kind: args.kind ?? null,
        streetCode: args.streetCode ?? null,
        communityCode: args.communityCode ?? null,
        streets: caller.streets,
      };
      const page = pageOf(args);
      if (page.afterKey !== null && !/^\d{4}-\d{2}-\d{2}\/\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      let rows: Promise<DbCaseReportRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () => (rows ??= caseReports.page(filter, page.limit + 1, page.afterKey)),
      };
    },
  },
  Mutation: {
    ingestCaseReports: (_parent, { reports }, { caseReports, personIdKey }) => {
      if (reports.length > MAX_REPORTS_PER_CALL)
        throw new BadUserInputError('reports', `at most ${MAX_REPORTS_PER_CALL} records per call`);
      return ingestCaseReports(caseReports, reports, personIdKey);
    },
  },
  CaseReportConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, caseKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, caseKey).pageInfo,
    totalCount: ({ filter }, _args, { caseReports }) => caseReports.count(filter),
  },
  CaseReport: {
    id: (row) => String(row.id),
    recordId: (row) => row.record_id,
    person: (row) => ({ id: row.person_id }),
    reportedOn: (row) => row.reported_on,
    endsOn: (row) => row.ends_on,
    community: (row) => ({ code: row.community_code }),
    receivedAt: (row) => row.received_at,
  },
};
