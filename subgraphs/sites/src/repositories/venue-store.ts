import { Store, columnsOf, recordsOf } from '@cityhub/kit';
import type { DbVenueCountRow } from './rows.js';

/** Hourly visitor counts of crowded venues. The only SQL about venue counts. */
export class VenueStore extends Store {
  /** Counts of many venues in one window [from, to), by venue and hour. */
  countsByVenues(siteIds: readonly string[], from: Date, to: Date): Promise<DbVenueCountRow[]> {
    return recordsOf<DbVenueCountRow>(
      this.db('venue_visitor_counts as v')
        .comment('sites.countsByVenues')
        .join('sites as s', 's.id', 'v.site_id')
        .select('v.site_id', 'v.hour', 'v.visitors', 's.capacity')
        .whereIn('v.site_id', siteIds)
        .where('v.hour', '>=', from)
        .where('v.hour', '<', to)
        .orderBy([{ column: 'v.site_id' }, { column: 'v.hour' }]),
    );
  }

  /** Each venue's latest count in (since, at], when it reaches the share of capacity; fullest first. */
  crowdedVenues(at: Date, since: Date, threshold: number): Promise<DbVenueCountRow[]> {
    const latest = this.db('venue_visitor_counts as v')
      .join('sites as s', 's.id', 'v.site_id')
      .distinctOn('v.site_id')
      .select('v.site_id', 'v.hour', 'v.visitors', 's.capacity')
      .where('s.status', 'ACTIVE')
      .where('v.hour', '<=', at)
      .where('v.hour', '>', since)
      .orderBy([{ column: 'v.site_id' }, { column: 'v.hour', order: 'desc' }]);
    return recordsOf<DbVenueCountRow>(
      this.db
        .from(latest.as('l'))
        .comment('sites.crowdedVenues')
        .select('*')
        .whereRaw('visitors >= ?::float8 * capacity', [threshold])
        .orderByRaw('visitors::float8 / capacity DESC, site_id'),
    );
  }

  /** Inserts or replaces counts; the venues must exist and be venues (checked by the caller). */
  async upsertCounts(
    rows: ReadonlyArray<{ siteId: string; hour: Date; visitors: number }>,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const written = await this.db('venue_visitor_counts')
      .comment('sites.upsertCounts')
      .insert(rows.map(columnsOf))
      .onConflict(['site_id', 'hour'])
      .merge(['visitors'])
      .returning('site_id');
    return written.length;
  }
}
