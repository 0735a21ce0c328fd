import { cityMidnight, dateOrToday, shiftDate } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CURRENT_COUNT_MAX_AGE_MS, checkThreshold, shareOfCapacity } from '../rules/venue-rules.js';
import { siteOf } from './site-of.js';

export const venueResolvers: Resolvers = {
  Query: {
    crowdedVenues: (_parent, args, { venues }) => {
      const at = args.at ? new Date(args.at) : new Date();
      return venues.crowdedVenues(
        at,
        new Date(at.getTime() - CURRENT_COUNT_MAX_AGE_MS),
        checkThreshold(args.threshold ?? 0.8),
      );
    },
  },
  Mutation: {
    recordVisitorCounts: (_parent, { counts }, { venueManager }) =>
      venueManager.recordCounts(counts),
  },
  Site: {
    visitorCounts: async (row, args, { loaders }) => {
      if (row.kind === 'CONSTRUCTION') return [];
      const date = dateOrToday('date', args.date);
      const rows = await loaders.venueCounts.load({
        siteId: row.id,
        from: cityMidnight(date).toISOString(),
        to: cityMidnight(shiftDate(date, 1)).toISOString(),
      });
      return rows.map((count) => ({ ...count, capacity: row.capacity ?? 0 }));
    },
  },
  VenueHourCount: {
    shareOfCapacity: (row) => shareOfCapacity(row.visitors, row.capacity),
  },
  VenueOccupancy: {
    site: siteOf,
    shareOfCapacity: (row) => shareOfCapacity(row.visitors, row.capacity),
  },
};
