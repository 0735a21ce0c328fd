import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { checkVisitorCounts, shareOfCapacity } from '../src/rules/venue-rules.js';
import { VenueStore } from '../src/repositories/venue-store.js';
import { freshSite } from './support.js';

const db = testDatabase('sites');
const venues = new VenueStore(db);
afterAll(() => db.destroy());

// Long before the seeded counts, so that only this test's venue has counts then.
const hour = (h: number) => new Date(Date.UTC(2001, 0, 1, h));

describe('crowded venues on a real PostgreSQL', () => {
  it('find the venues whose latest count, no older than the window, reaches the threshold; a later count replaces an earlier one', async () => {
    const venue = await freshSite(db, { kind: 'MARKET', capacity: 200 });
    const counts = checkVisitorCounts(
      [
        { siteId: venue.id, hour: hour(1), visitors: 170 },
        { siteId: venue.id, hour: hour(2), visitors: 100 },
      ],
      new Set([venue.id]),
      new Date(),
    );
    expect(await venues.upsertCounts(counts)).toBe(2);
    const crowdedAt = async (at: Date, threshold = 0.8) =>
      (await venues.crowdedVenues(at, new Date(at.getTime() - 2 * 3_600_000), threshold)).map(
        (row) => [row.siteId, row.visitors],
      );
    expect(await crowdedAt(new Date(Date.UTC(2001, 0, 1, 1, 30)))).toEqual([[venue.id, 170]]);
    expect(await crowdedAt(new Date(Date.UTC(2001, 0, 1, 2, 30)))).toEqual([]);
    expect(await crowdedAt(new Date(Date.UTC(2001, 0, 1, 2, 30)), 0.5)).toEqual([[venue.id, 100]]);
    expect(await crowdedAt(new Date(Date.UTC(2001, 0, 1, 4, 30)), 0.1)).toEqual([]);
    await venues.upsertCounts([{ siteId: venue.id, hour: hour(2), visitors: 190 }]);
    expect(await crowdedAt(new Date(Date.UTC(2001, 0, 1, 2, 30)))).toEqual([[venue.id, 190]]);
    const day = await venues.countsByVenues([venue.id], hour(0), hour(24));
    expect(
      day.map((row) => [
        row.hour.toISOString(),
        row.visitors,
        shareOfCapacity(row.visitors, row.capacity),
      ]),
    ).toEqual([
      [hour(1).toISOString(), 170, 0.85],
      [hour(2).toISOString(), 190, 0.95],
    ]);
  });

  it('refuse counts for an unknown venue, a construction site, a time that is not an hour, the future, or twice', () => {
    const now = new Date();
    const venuesKnown = new Set(['V0001']);
    const refuse = (counts: Parameters<typeof checkVisitorCounts>[0]) =>
      expect(() => checkVisitorCounts(counts, venuesKnown, now)).toThrowError(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      );
    refuse([{ siteId: 'C0001', hour: hour(1), visitors: 1 }]);
    refuse([{ siteId: 'V0001', hour: new Date(Date.UTC(2001, 0, 1, 1, 15)), visitors: 1 }]);
    refuse([
      {
        siteId: 'V0001',
        hour: new Date(Math.ceil((now.getTime() + 3_600_000) / 3_600_000) * 3_600_000),
        visitors: 1,
      },
    ]);
    refuse([{ siteId: 'V0001', hour: hour(1), visitors: -1 }]);
    refuse([
      { siteId: 'V0001', hour: hour(1), visitors: 1 },
      { siteId: 'V0001', hour: hour(1), visitors: 2 },
    ]);
  });
});
