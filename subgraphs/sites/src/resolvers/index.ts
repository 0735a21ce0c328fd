import { importJobResolvers } from '@cityhub/importer';
import { mergeResolvers, scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { reportResolvers } from './reports.js';
import { screeningResolvers } from './screening.js';
import { seriesResolvers } from './series.js';
import { siteResolvers } from './sites.js';
import { venueResolvers } from './venues.js';

export const resolvers = mergeResolvers<Resolvers>(
  {
    Date: scalarResolvers.Date,
    DateTime: scalarResolvers.DateTime,
    ResidentId: scalarResolvers.ResidentId,
  },
  siteResolvers,
  reportResolvers,
  screeningResolvers,
  venueResolvers,
  seriesResolvers,
  importJobResolvers('sites'),
);
