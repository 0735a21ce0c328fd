import type { Resolvers } from '../__generated__/resolvers-types.js';
import { rowsInView } from '../rules/access-rules.js';

export const reportResolvers: Resolvers = {
  Mutation: {
    submitDailyReport: (_parent, { input }, { reportManager }) => reportManager.submit(input),
  },
  DailyReport: {
    id: (row) => String(row.id),
    site: async (row, _args, { loaders }) => (await loaders.siteById.load(row.site_id))!,
    reportDate: (row) => row.report_date,
    superseded: (row) => row.superseded_at !== null,
    submittedAt: (row) => row.submitted_at,
    submittedBy: (row) => row.submitted_by,
    newArrivalCount: (row) => row.new_arrival_count,
    previousReportDate: (row) => row.previous_report_date,
    origins: (row, _args, { loaders }) => loaders.originsByReport.load(row.id),
    workers: async (row, args, { loaders }) => {
      const workers = await loaders.workersByReport.load(row.id);
      return args.onlyNewArrivals ? workers.filter((worker) => worker.is_new) : workers;
    },
    history: (row, _args, { loaders }) => loaders.historyByReport.load(row.id),
  },
  OriginCount: {
    originCode: (row) => row.origin_code,
    isKeyRegion: (row) => row.from_key_region,
    newArrivals: (row) => row.new_arrivals,
  },
  ReportedWorker: {
    person: (row) => ({ id: row.person_id }),
    idNumber: (row) => row.id_number,
    originCode: (row) => row.origin_code,
    fromKeyRegion: (row) => row.from_key_region,
    arrivedOn: (row) => row.arrived_on,
    isNewArrival: (row) => row.is_new,
  },
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    siteAssignments: async ({ id }, _args, { loaders, caller }) =>
      rowsInView(caller, await loaders.assignmentsByPerson.load(id)),
  },
  SiteAssignment: {
    site: async (row, _args, { loaders }) => (await loaders.siteById.load(row.site_id))!,
    firstReportedOn: (row) => row.first_reported_on,
    lastReportedOn: (row) => row.last_reported_on,
    arrivedOn: (row) => row.arrived_on,
  },
};
