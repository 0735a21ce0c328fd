import { pointFields, seriesFields, stockSeriesParent } from '@cityhub/kit';
import { SITE_FIGURES } from '../repositories/street-site-snapshot-store.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

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
    street: ({ streetCode }) => ({ code: streetCode }),
  },
  SiteSeries: seriesFields,
  SiteSnapshot: pointFields('snapshotDate', SITE_FIGURES),
};
