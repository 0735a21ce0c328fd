import { cityMidnight, shiftDate } from '@cityhub/kit';
import { Random, type SyntheticCity } from '@cityhub/synthetic-city';
import type { DbSiteRow, SiteKind } from '../repositories/rows.js';

/** Days of hourly counts by preset. */
export const VENUE_DAYS: Record<string, number> = { test: 2, demo: 14, district: 30, city: 30 };

// Share of capacity by hour of the day (00–23). The station's two peaks (09–10, 12–13) carry about
// 40% of the day, as Shanghai South saw in February 2020.
const PROFILES: Record<Exclude<SiteKind, 'CONSTRUCTION'>, number[]> = {
  STATION_HALL: [
    0.02, 0.01, 0.01, 0.01, 0.02, 0.05, 0.12, 0.2, 0.3, 0.95, 0.45, 0.35, 0.9, 0.4, 0.3, 0.28, 0.3,
    0.32, 0.3, 0.25, 0.18, 0.12, 0.06, 0.03,
  ],
  MALL: [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.15, 0.3, 0.45, 0.5, 0.55, 0.6, 0.62, 0.6, 0.7, 0.78, 0.7, 0.4,
    0.1, 0,
  ],
  MARKET: [
    0, 0, 0, 0, 0, 0.1, 0.55, 0.85, 0.8, 0.6, 0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.45, 0.6, 0.4, 0.15,
    0.05, 0, 0, 0,
  ],
};

/** Hourly visitor counts of every venue over the last days up to the end of the reference date (city time). */
export function* venueCounts(
  city: SyntheticCity,
  venues: readonly DbSiteRow[],
): Generator<[string, string, number]> {
  const days = VENUE_DAYS[city.preset.name] ?? 14;
  for (const [v, venue] of venues.entries()) {
    const profile = PROFILES[venue.kind as Exclude<SiteKind, 'CONSTRUCTION'>];
    for (let day = 0; day < days; day++) {
      const date = shiftDate(city.referenceDate, -(days - 1) + day);
      const random = new Random(city.seed, v, day, 501);
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const dayFactor =
        (venue.kind === 'MALL' && weekend ? 1.25 : 1) * (0.85 + random.next() * 0.25);
      const midnight = cityMidnight(date).getTime();
      for (let hour = 0; hour < 24; hour++) {
        const visitors = Math.round(
          venue.capacity! * profile[hour]! * dayFactor * (0.9 + random.next() * 0.2),
        );
        yield [venue.id, new Date(midnight + hour * 3_600_000).toISOString(), visitors];
      }
    }
  }
}
