import {
  BadUserInputError,
  cityDate,
  connectionFrom,
  pageOf,
  requireDate,
  shiftDate,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { IndicatorSource } from '../model/indicators.js';
import { validateIndicators } from '../model/scoring.js';
import type { DbRiskRunRow } from '../repositories/rows.js';

const SOURCES: IndicatorSource[] = ['CASE_REPORTS', 'POPULATION', 'HOUSING', 'TRANSPORT', 'SITES'];
const runKey = (row: DbRiskRunRow) => String(row.id);

export const modelAndRunResolvers: Resolvers = {
  Query: {
    riskModel: (_parent, { version }, { loaders, models }) =>
      version === null || version === undefined
        ? models.latest().then((row) => row ?? null)
        : loaders.modelByVersion.load(version),
    riskModels: (_parent, _args, { models }) => models.all(),
    riskRuns: (_parent, args, { runs }) => {
      const page = pageOf({ first: args.first ?? 20, after: args.after });
      if (page.afterKey !== null && !/^\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      let rows: Promise<DbRiskRunRow[]> | undefined;
      return {
        ...page,
        rows: () =>
          (rows ??= runs.page(
            page.limit + 1,
            page.afterKey === null ? null : Number(page.afterKey),
          )),
      };
    },
    riskRun: (_parent, { id }, { loaders }) =>
      /^\d{1,15}$/.test(id) ? loaders.runById.load(Number(id)) : null,
  },
  Mutation: {
    publishRiskModel: async (_parent, { input }, { models, caller }) => {
      if (!input.note.trim()) throw new BadUserInputError('input.note', 'say what changed and why');
      const indicators = input.indicators.map((item, index) => {
        if (!SOURCES.includes(item.source as IndicatorSource))
          throw new BadUserInputError(
            `input.indicators[${index}].source`,
            `must be one of ${SOURCES.join(', ')}`,
          );
        return {
          code: item.code,
          name: item.name.trim(),
          nameZh: item.nameZh.trim(),
          weight: item.weight,
          floor: item.floor,
          cap: item.cap,
          unit: item.unit,
          source: item.source as IndicatorSource,
        };
      });
      validateIndicators(indicators);
      return models.publish(input.note.trim(), indicators, caller.id);
    },
    startRiskRun: async (_parent, { date }, { runner, caller, logger }) => {
      const day = date ? requireDate('date', date) : shiftDate(cityDate(), -1);
      if (day > cityDate())
        throw new BadUserInputError('date', 'cannot assess a day that has not begun');
      const run = await runner.begin(day, 'OFFICIAL', caller.id);
      // The run outlives the request; its outcome is read back through riskRun(id).
      runner
        .execute(run)
        .catch((error: Error) =>
          logger.warn({ err: error, riskRun: run.id }, 'on-demand risk run failed'),
        );
      return run;
    },
  },
  RiskModel: {
    publishedBy: (row) => row.published_by,
    publishedAt: (row) => row.published_at,
  },
  RiskRun: {
    id: (row) => String(row.id),
    date: (row) => row.assessed_on,
    modelVersion: (row) => row.model_version,
    startedBy: (row) => row.started_by,
    startedAt: (row) => row.started_at,
    finishedAt: (row) => row.finished_at,
    communitiesAssessed: (row) => row.communities_assessed,
  },
  RiskRunConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, runKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, runKey).pageInfo,
    totalCount: (_page, _args, { runs }) => runs.count(),
  },
};
