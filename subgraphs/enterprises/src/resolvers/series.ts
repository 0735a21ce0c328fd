import { pointFields, seriesFields, stockSeriesParent } from '@cityhub/kit';
import { RESUMPTION_FIGURES } from '../repositories/street-snapshot-store.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

export const seriesResolvers: Resolvers = {
  City: {
    __resolveReference: ({ code }) => ({ code }),
    resumptionSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.city, code, args),
  },
  District: {
    __resolveReference: ({ code }) => ({ code }),
    resumptionSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.district, code, args),
  },
  Street: {
    resumptionSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.street, code, args),
  },
  ResumptionSeries: seriesFields,
  ResumptionSnapshot: {
    ...pointFields('snapshotDate', RESUMPTION_FIGURES),
    resumptionRate: ({ row }) => {
      if (!row) return null;
      const operating = Number(row.operating_enterprises);
      return operating === 0 ? 0 : Math.min(1, Number(row.resumed_enterprises) / operating);
    },
  },
};
