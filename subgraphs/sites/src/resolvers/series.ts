import { newestTaken, stockSeriesParent } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';

const figure = (value: number | undefined) => (value === undefined ? null : Number(value));

export const seriesResolvers: Resolvers = {
  City: {
    siteCountsByKindAndStreet: ({ code }, _args, { series }) =>
      series.byKindAndStreet.city.load({ code, args: null }),
    __resolveReference: ({ code }) => ({ code }),
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.city, code, args),
  },
  District: {
    siteCountsByKindAndStreet: ({ code }, _args, { series }) =>
      series.byKindAndStreet.district.load({ code, args: null }),
    __resolveReference: ({ code }) => ({ code }),
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.district, code, args),
  },
  Street: {
    siteCountsByKindAndStreet: ({ code }, _args, { series }) =>
      series.byKindAndStreet.street.load({ code, args: null }),
    siteSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.snapshots.street, code, args),
  },
  SiteKindStreetCount: {
    streetCode: ({ street_code }) => street_code,
    street: ({ street_code }) => ({ code: street_code }),
    sites: ({ sites }) => Number(sites),
    activeSites: ({ active_sites }) => Number(active_sites),
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
