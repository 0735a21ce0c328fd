import { isOwnersView, ownersView, ownersViewIf } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { rowsInView } from '../rules/access-rules.js';
import { siteOf } from './site-of.js';

export const reportResolvers: Resolvers = {
  Mutation: {
    // Only the site's own enterprise or its street's supervisor may report: it sees what it filed.
    submitDailyReport: async (_parent, { input }, { reportManager }) => {
      const payload = await reportManager.submit(input);
      return { ...payload, report: ownersView(payload.report) };
    },
  },
  DailyReport: {
    id: (row) => String(row.id),
    site: siteOf,
    superseded: (row) => row.supersededAt !== null,
    origins: async (row, _args, { loaders }) =>
      ownersViewIf(isOwnersView(row), await loaders.originsByReport.load(row.id)),
    workers: async (row, args, { loaders }) => {
      const workers = await loaders.workersByReport.load(row.id);
      // The owner of the report (its site's contractor) sees its workers whole too.
      return ownersViewIf(
        isOwnersView(row),
        args.onlyNewArrivals ? workers.filter((worker) => worker.isNew) : workers,
      );
    },
    history: (row, _args, { loaders }) => loaders.historyByReport.load(row.id),
  },
  OriginCount: {
    isKeyRegion: (row) => row.fromKeyRegion,
  },
  ReportedWorker: {
    person: (row) => ({ id: row.personId }),
    isNewArrival: (row) => row.isNew,
  },
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    siteAssignments: async ({ id }, _args, { loaders, caller }) =>
      rowsInView(caller, await loaders.assignmentsByPerson.load(id), (row) => row.streetCode),
  },
  SiteAssignment: {
    site: siteOf,
  },
};
