import { newestTaken, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';

export const seriesResolvers: Resolvers = {
  City: {
    __resolveReference: ({ code }) => ({ code }),
    riskSeries: ({ code }, args, { series }) => stockSeriesParent(series.levelsByCity, code, args),
  },
  District: {
    riskSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.levelsByDistrict, code, args),
  },
  Street: {
    riskSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.levelsByStreet, code, args),
  },
  RiskLevelSeries: {
    asOf: ({ points }) => newestTaken(points),
  },
  RiskLevelPoint: {
    date: ({ bin }) => bin.start,
    assessedOn: ({ row }) => row?.date ?? null,
    asOf: ({ row }) => row?.taken_at ?? null,
    red: ({ row }) => (row ? Number(row.red) : null),
    yellow: ({ row }) => (row ? Number(row.yellow) : null),
    blue: ({ row }) => (row ? Number(row.blue) : null),
  },
};
