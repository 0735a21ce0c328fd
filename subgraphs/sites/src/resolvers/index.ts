import { scalarResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { reportResolvers } from './reports.js';
import { screeningResolvers } from './screening.js';
import { siteResolvers } from './sites.js';
import { venueResolvers } from './venues.js';

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  ResidentId: scalarResolvers.ResidentId,
  ...siteResolvers,
  ...reportResolvers,
  ...screeningResolvers,
  ...venueResolvers,
  Query: { ...siteResolvers.Query, ...screeningResolvers.Query, ...venueResolvers.Query },
  Mutation: {
    ...reportResolvers.Mutation,
    ...screeningResolvers.Mutation,
    ...venueResolvers.Mutation,
  },
  Site: { ...siteResolvers.Site, ...venueResolvers.Site },
};
