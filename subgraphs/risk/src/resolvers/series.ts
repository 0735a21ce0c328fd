import { BadUserInputError, pointFields, seriesFields, stockSeriesParent } from '@cityhub/kit';
import { LEVELS } from '../repositories/level-series-store.js';
import type { RiskContext } from '../context.js';

/** Flag counts of one area level; zeros when the area has no flag. */
const flagCounts =
  (level: keyof RiskContext['series']['flagCounts']) =>
  async (
    { code }: { code: string },
    { month }: { month?: string | null },
    { series }: RiskContext,
  ) => {
    if (month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new BadUserInputError('month', 'a calendar month as YYYY-MM');
    const [row] = await series.flagCounts[level].load({ code, args: month ?? null });
    return row ?? { key: code, open: 0, confirmed: 0, false_alarm: 0 };
  };
import type { Resolvers } from '../__generated__/resolvers-types.js';

export const seriesResolvers: Resolvers = {
  City: {
    groupRentalFlagCounts: flagCounts('city'),
    __resolveReference: ({ code }) => ({ code }),
    riskSeries: ({ code }, args, { series }) => stockSeriesParent(series.levels.city, code, args),
  },
  District: {
    groupRentalFlagCounts: flagCounts('district'),
    riskSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.levels.district, code, args),
  },
  Street: {
    groupRentalFlagCounts: flagCounts('street'),
    riskSeries: ({ code }, args, { series }) => stockSeriesParent(series.levels.street, code, args),
  },
  GroupRentalFlagCounts: {
    open: ({ open }) => Number(open),
    confirmed: ({ confirmed }) => Number(confirmed),
    falseAlarm: ({ false_alarm }) => Number(false_alarm),
  },
  RiskLevelSeries: seriesFields,
  RiskLevelPoint: pointFields('assessedOn', LEVELS),
};
