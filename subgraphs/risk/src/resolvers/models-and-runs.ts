import { lazyConnection, lazyConnectionResolvers, pageWithCursor } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbRiskRunRow } from '../repositories/rows.js';

export const modelAndRunResolvers: Resolvers = {
  Query: {
    riskModel: (_parent, { version }, { loaders, models }) =>
      version === null || version === undefined
        ? models.latest()
        : loaders.modelByVersion.load(version),
    riskModels: (_parent, _args, { models }) => models.all(),
    riskRuns: (_parent, args, { runs }) =>
      lazyConnection(
        pageWithCursor({ first: args.first ?? 20, after: args.after }, /^\d+$/),
        (page) => runs.page(page.limit + 1, page.afterKey === null ? null : Number(page.afterKey)),
        () => runs.count(),
      ),
    riskRun: (_parent, { id }, { loaders }) =>
      /^\d{1,15}$/.test(id) ? loaders.runById.load(Number(id)) : null,
  },
  Mutation: {
    publishRiskModel: (_parent, { input }, { modelManager }) => modelManager.publish(input),
    startRiskRun: (_parent, { date }, { runner, caller }) => runner.startOnDemand(date, caller.id),
  },
  RiskRun: {
    id: (row) => String(row.id),
    date: (row) => row.assessedOn,
  },
  RiskRunConnection: lazyConnectionResolvers((row: DbRiskRunRow) => String(row.id)),
};
