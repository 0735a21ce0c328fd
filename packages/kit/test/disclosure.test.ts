import { describe, expect, it } from 'vitest';
import { binRefusal, publishedCount, type CountBins } from '../src/disclosure.js';

const RULE = { threshold: 5, roundingBase: 5 };

describe('publishedCount', () => {
  it('withholds every count below the threshold, zero included, and rounds the rest to 5', () => {
    expect([0, 1, 4].map((n) => publishedCount(n, RULE))).toEqual([null, null, null]);
    expect([5, 7, 8, 12, 13, 1_234].map((n) => publishedCount(n, RULE))).toEqual([
      5, 5, 10, 10, 15, 1_235,
    ]);
  });
});

describe('binRefusal', () => {
  const week: CountBins = { window: 'ISO_WEEK', bandArgument: null, bands: [], rowCount: null };
  const ages: CountBins = {
    window: null,
    bandArgument: 'minAge',
    bands: [60, 65, 80],
    rowCount: null,
  };

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
    const hour: CountBins = { window: 'HOUR', bandArgument: null, bands: [], rowCount: null };
    const day: CountBins = { window: 'CITY_DAY', bandArgument: null, bands: [], rowCount: null };
    expect(
      binRefusal(hour, { from: '2026-11-29T10:00:00Z', to: '2026-11-29T11:00:00Z' }),
    ).toBeNull();
    expect(
      binRefusal(hour, { from: '2026-11-29T10:01:00Z', to: '2026-11-29T11:01:00Z' }),
    ).not.toBeNull();
    expect(
      binRefusal(hour, { from: '2026-11-29T10:00:00Z', to: '2026-11-29T12:00:00Z' }),
    ).not.toBeNull();
    expect(
      binRefusal(day, {
        from: new Date('2026-11-29T00:00:00+08:00'),
        to: new Date('2026-11-30T00:00:00+08:00'),
      }),
    ).toBeNull();
    expect(
      binRefusal(day, { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z' }),
    ).not.toBeNull();
    expect(
      binRefusal(day, { from: '2026-11-29T00:00:00+08:00', to: '2026-11-29T23:59:59+08:00' }),
    ).not.toBeNull();
  });

  it('accepts only the published age bands', () => {
    expect(binRefusal(ages, { minAge: 65 })).toBeNull();
    expect(binRefusal(ages, { minAge: 66 })?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'minAge',
    });
  });
});
