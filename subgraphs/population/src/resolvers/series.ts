import { newestTaken, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';

export const seriesResolvers: Resolvers = {
  District: {
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodesByDistrict, code, args),
  },
  Street: {
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodesByStreet, code, args),
  },
  Community: {
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodesByCommunity, code, args),
  },
  HealthCodeSeries: {
    asOf: ({ points }) => newestTaken(points),
  },
  HealthCodeSnapshot: {
    date: ({ bin }) => bin.start,
    snapshotDate: ({ row }) => row?.date ?? null,
    asOf: ({ row }) => row?.taken_at ?? null,
    residents: ({ row }) => (row ? Number(row.residents) : null),
    green: ({ row }) => (row ? Number(row.green) : null),
    yellow: ({ row }) => (row ? Number(row.yellow) : null),
    red: ({ row }) => (row ? Number(row.red) : null),
  },
};
