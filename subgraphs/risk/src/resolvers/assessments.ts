import { BadUserInputError } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { assessedDate, historyWindow } from './dates.js';

export const assessmentResolvers: Resolvers = {
  Community: {
    risk: async ({ code }, { date }, { loaders }) => {
      const day = await assessedDate(date, loaders);
      return day ? loaders.assessmentByCommunity.load({ code, date: day }) : null;
    },
    riskHistory: ({ code }, args, { loaders }) =>
      loaders.historyByCommunity.load({ code, ...historyWindow(args.from, args.to) }),
  },
  Street: {
    riskSummary: async ({ code }, { date }, { loaders }) => {
      const day = await assessedDate(date, loaders);
      // A day without assessments has no counts: null, not zeros a chart would draw as real.
      if (!day || (await loaders.latestDate.load(day)) !== day) return null;
      return {
        streetCode: code,
        date: day,
        counts: day ? await loaders.levelCountsByStreet.load({ code, date: day }) : null,
      };
    },
  },
  District: {
    riskMap: async ({ code }, { date }, { loaders }) => {
      const day = await assessedDate(date, loaders);
      return day ? { districtCode: code, date: day } : null;
    },
    riskLevelChanges: async ({ code }, { date }, { loaders, assessments }) => {
      const day = await assessedDate(date, loaders);
      return day ? assessments.levelChanges(code, day) : [];
    },
  },
  RiskSummary: {
    red: ({ counts }) => counts?.red ?? 0,
    yellow: ({ counts }) => counts?.yellow ?? 0,
    blue: ({ counts }) => counts?.blue ?? 0,
    communities: ({ streetCode, date }, { level }, { loaders }) =>
      date
        ? loaders.assessmentsByStreet.load({ code: streetCode, date, level: level ?? null })
        : [],
  },
  RiskMap: {
    communities: ({ districtCode, date }, _args, { assessments }) =>
      assessments.mapOf(districtCode, date),
  },
  RiskMapPoint: {
    community: (row) => ({ code: row.communityCode }),
  },
  RiskLevelChange: {
    community: (row) => ({ code: row.communityCode }),
  },
  CommunityRiskAssessment: {
    community: (row) => ({ code: row.communityCode }),
    date: (row) => row.assessedOn,
    contributions: (row, { top }) => {
      if (top !== null && top !== undefined && (top < 0 || !Number.isInteger(top)))
        throw new BadUserInputError('top', 'must be zero or a positive integer');
      // Stored largest first, so the top few are the first few.
      const listed =
        top === null || top === undefined ? row.contributions : row.contributions.slice(0, top);
      return listed.map((contribution) => ({ ...contribution, modelVersion: row.modelVersion }));
    },
    run: (row, _args, { loaders }) => loaders.runById.load(row.runId),
  },
  IndicatorContribution: {
    indicator: async ({ code, modelVersion }, _args, { loaders }) => {
      const model = await loaders.modelByVersion.load(modelVersion);
      return model!.indicators.find((indicator) => indicator.code === code)!;
    },
    available: ({ rawValue }) => rawValue !== null,
  },
};
