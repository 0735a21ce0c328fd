import type { Caller } from '@cityhub/kit';
import type { SiteStore } from '../repositories/site-store.js';
import type { VenueStore } from '../repositories/venue-store.js';
import { requireReporterOf, requireSiteInView } from '../rules/access-rules.js';
import { checkVisitorCounts } from '../rules/venue-rules.js';

/** Crowded venues' hourly visitor counts: written by each venue's own operator, all or nothing. */
export class VenueManager {
  constructor(
    private readonly sites: SiteStore,
    private readonly venues: VenueStore,
    private readonly caller: Caller,
  ) {}

  async recordCounts(
    counts: ReadonlyArray<{ siteId: string; hour: Date | string; visitors: number }>,
  ): Promise<number> {
    const sites = await this.sites.sitesByIds([...new Set(counts.map((count) => count.siteId))]);
    for (const site of sites) {
      requireSiteInView(this.caller, site);
      requireReporterOf(this.caller, site);
    }
    const venueIds = new Set(
      sites.filter((site) => site.kind !== 'CONSTRUCTION').map((site) => site.id),
    );
    // One statement: the counts are written together or not at all.
    return this.venues.upsertCounts(checkVisitorCounts(counts, venueIds, new Date()));
  }
}
