import { describe, expect, it } from 'vitest';
import {
  binRefusal,
  publishedCount,
  publishedShare,
  rowsWithPublishedShare,
  type CountBins,
} from '../src/disclosure.js';

const RULE = { threshold: 5, roundingBase: 5 };

/** The bins of a count asked over a window only. */
const binsOf = (window: CountBins['window']): CountBins => ({
  window,
  bandArgument: null,
  bands: [],
  rowCount: null,
  share: null,
  atLeast: null,
});

describe('publishedCount', () => {
  it('withholds every count below the threshold, zero included, and rounds the rest to 5', () => {
    expect([0, 1, 4].map((n) => publishedCount(n, RULE))).toEqual([null, null, null]);
    expect([5, 7, 8, 12, 13, 1_234].map((n) => publishedCount(n, RULE))).toEqual([
      5, 5, 10, 10, 15, 1_235,
    ]);
  });
});

describe('binRefusal', () => {
  const week = binsOf('ISO_WEEK');
  const ages: CountBins = { ...binsOf(null), bandArgument: 'minAge', bands: [60, 65, 80] };

  it('accepts exactly one ISO week, Monday to Sunday', () => {
    expect(binRefusal(week, { from: '2026-11-23', to: '2026-11-29' })).toBeNull();
    for (const [from, to] of [
      ['2026-11-23', '2026-11-28'],
      ['2026-11-24', '2026-11-30'],
      ['2026-11-23', '2026-12-06'],
      ['not a date', '2026-11-29'],
    ])
      expect(binRefusal(week, { from, to })?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('accepts exactly one whole hour, or one whole day of the city (UTC+8)', () => {
    const hour = binsOf('HOUR');
    const day = binsOf('CITY_DAY');
    const accepted = (
      bins: CountBins,
      windows: Array<{ from: string | Date; to: string | Date }>,
    ) => windows.map((window) => binRefusal(bins, window) === null);
    expect(
      accepted(hour, [
        { from: '2026-11-29T10:00:00Z', to: '2026-11-29T11:00:00Z' },
        { from: '2026-11-29T10:01:00Z', to: '2026-11-29T11:01:00Z' },
        { from: '2026-11-29T10:00:00Z', to: '2026-11-29T12:00:00Z' },
      ]),
    ).toEqual([true, false, false]);
    expect(
      accepted(day, [
        { from: new Date('2026-11-29T00:00:00+08:00'), to: new Date('2026-11-30T00:00:00+08:00') },
        { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z' },
        { from: '2026-11-29T00:00:00+08:00', to: '2026-11-29T23:59:59+08:00' },
      ]),
    ).toEqual([true, false, false]);
  });

  it("takes a forecast's window as `hours` hours from `from`: one whole city day only", () => {
    const day = binsOf('CITY_DAY');
    const midnight = new Date('2026-11-29T00:00:00+08:00');
    expect(binRefusal(day, { from: midnight, hours: 24 })).toBeNull();
    expect(binRefusal(day, { from: midnight, hours: 23 })).not.toBeNull();
    expect(binRefusal(day, { from: midnight, hours: 48 })).not.toBeNull();
    expect(
      binRefusal(day, { from: new Date('2026-11-29T01:00:00+08:00'), hours: 24 }),
    ).not.toBeNull();
    expect(binRefusal(day, { hours: 24 })).not.toBeNull();
  });

  it('accepts only the published age bands', () => {
    expect(binRefusal(ages, { minAge: 65 })).toBeNull();
    expect(binRefusal(ages, { minAge: 66 })?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'minAge',
    });
  });
});

describe('publishedShare', () => {
  const ofCount = { part: 'arrivals', whole: 'total', wholeIsCount: true };
  const ofCapacity = { part: 'visitors', whole: 'capacity', wholeIsCount: false };

  it('is the published part over the published whole, so that share × whole gives only the published part', () => {
    expect(publishedShare({ arrivals: 12, total: 103 }, ofCount, RULE)).toBe(10 / 105);
    expect(publishedShare({ visitors: 12, capacity: 103 }, ofCapacity, RULE)).toBe(10 / 103);
  });

  it('is withheld when the part or the whole is', () => {
    expect(publishedShare({ arrivals: 3, total: 1_000 }, ofCount, RULE)).toBeNull();
    expect(publishedShare({ arrivals: 5, total: 2 }, ofCount, RULE)).toBeNull();
    expect(publishedShare({ visitors: 7, capacity: 0 }, ofCapacity, RULE)).toBeNull();
  });
});

describe('rowsWithPublishedShare', () => {
  it('keeps and orders rows by their published share, so that a threshold tells no exact count', () => {
    const share = { part: 'visitors', whole: 'capacity', wholeIsCount: false };
    const rows = [
      { id: 'a', visitors: 9, capacity: 100 },
      { id: 'b', visitors: 11, capacity: 100 },
      { id: 'c', visitors: 4, capacity: 10 },
    ];
    // 9 and 11 both publish as 10: any threshold keeps both or neither.
    for (const threshold of [0.09, 0.1, 0.105, 0.11])
      expect(
        rowsWithPublishedShare(rows, share, threshold, RULE).map((row: any) => row.id),
      ).toEqual(threshold <= 0.1 ? ['a', 'b'] : []);
  });
});
