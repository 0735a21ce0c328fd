import { cityMidnight, shiftDate } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import {
  CURRENT_COUNT_MAX_AGE_MS,
  checkThreshold,
  checkVisitorCounts,
  shareOfCapacity,
} from '../managers/venue-rules.js';
import { requireReporterOf, requireSiteInView } from '../managers/access.js';
import { dateOrToday } from '@cityhub/kit';

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
    recordVisitorCounts: async (_parent, { counts }, { loaders, venues, caller }) => {
      const sites = await loaders.siteById.loadMany([
        ...new Set(counts.map((count) => count.siteId)),
      ]);
      for (const site of sites)
        if (site && !(site instanceof Error)) {
          requireSiteInView(caller, site);
          requireReporterOf(caller, site);
        }
      const venueIds = new Set(
        sites.flatMap((site) =>
          site && !(site instanceof Error) && site.kind !== 'CONSTRUCTION' ? [site.id] : [],
        ),
      );
      return venues.upsertCounts(checkVisitorCounts(counts, venueIds, new Date()));
    },
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
    site: async (row, _args, { loaders }) => (await loaders.siteById.load(row.site_id))!,
    shareOfCapacity: (row) => shareOfCapacity(row.visitors, row.capacity),
  },
};
