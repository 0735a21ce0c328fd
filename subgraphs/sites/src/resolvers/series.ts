import { newestTaken, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';

const figure = (value: number | undefined) => (value === undefined ? null : Number(value));

export const seriesResolvers: Resolvers = {
  City: {
    __resolveReference: ({ code }) => ({ code }),
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshotsByCity, code, args),
  },
  District: {
    __resolveReference: ({ code }) => ({ code }),
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshotsByDistrict, code, args),
  },
  Street: {
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshotsByStreet, code, args),
  },
  SiteSeries: {
    asOf: ({ points }) => newestTaken(points),
  },
  SiteSnapshot: {
    date: ({ bin }) => bin.start,
    snapshotDate: ({ row }) => row?.date ?? null,
    asOf: ({ row }) => row?.taken_at ?? null,
    sites: ({ row }) => figure(row?.sites),
    activeConstructionSites: ({ row }) => figure(row?.active_construction_sites),
    reportedSites: ({ row }) => figure(row?.reported_sites),
    headcount: ({ row }) => figure(row?.headcount),
    newArrivals: ({ row }) => figure(row?.new_arrivals),
    openScreeningCases: ({ row }) => figure(row?.open_screening_cases),
  },
};
