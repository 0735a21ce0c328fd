import type { Resolvers } from '../__generated__/resolvers-types.js';
import { rowsInView } from '../rules/access-rules.js';
import { siteOf } from './site-of.js';

export const reportResolvers: Resolvers = {
  Mutation: {
    submitDailyReport: (_parent, { input }, { reportManager }) => reportManager.submit(input),
  },
  DailyReport: {
    id: (row) => String(row.id),
    site: siteOf,
    superseded: (row) => row.supersededAt !== null,
    origins: (row, _args, { loaders }) => loaders.originsByReport.load(row.id),
    workers: async (row, args, { loaders }) => {
      const workers = await loaders.workersByReport.load(row.id);
      return args.onlyNewArrivals ? workers.filter((worker) => worker.isNew) : workers;
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
