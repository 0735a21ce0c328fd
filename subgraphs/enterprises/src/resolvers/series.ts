import { newestTaken, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';

const figure = (value: number | undefined) => (value === undefined ? null : Number(value));

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
  ResumptionSeries: {
    asOf: ({ points }) => newestTaken(points),
  },
  ResumptionSnapshot: {
    date: ({ bin }) => bin.start,
    snapshotDate: ({ row }) => row?.date ?? null,
    asOf: ({ row }) => row?.taken_at ?? null,
    enterprises: ({ row }) => figure(row?.enterprises),
    operatingEnterprises: ({ row }) => figure(row?.operating_enterprises),
    resumedEnterprises: ({ row }) => figure(row?.resumed_enterprises),
    resumptionRate: ({ row }) => {
      if (!row) return null;
      const operating = Number(row.operating_enterprises);
      return operating === 0 ? 0 : Math.min(1, Number(row.resumed_enterprises) / operating);
    },
    shops: ({ row }) => figure(row?.shops),
    shopStaff: ({ row }) => figure(row?.shop_staff),
    shopStaffApproved: ({ row }) => figure(row?.shop_staff_approved),
  },
};
