import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbCaseReportRow } from '../repositories/rows.js';
import { lazyConnectionResolvers } from '@cityhub/kit';

export const caseResolvers: Resolvers = {
  Query: {
    caseReports: (_parent, args, { caseReportManager }) => caseReportManager.list(args),
  },
  CaseReportConnection: lazyConnectionResolvers(
    (row: DbCaseReportRow) => `${row.reportedOn}/${row.id}`,
  ),
  CaseReport: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.personId }),
    community: (row) => ({ code: row.communityCode }),
  },
};
