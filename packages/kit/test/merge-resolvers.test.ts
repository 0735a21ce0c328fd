import { describe, expect, it } from 'vitest';
import { mergeResolvers } from '../src/merge-resolvers.js';
import { scalarResolvers } from '../src/scalars.js';

describe('mergeResolvers', () => {
  it('joins the fields that several files give one type, and keeps scalars whole', () => {
    const station = () => 'station';
    const arrivals = () => [];
    const merged = mergeResolvers<Record<string, any>>(
      { Date: scalarResolvers.Date, Query: { station } },
      { Query: { arrivals }, Station: { code: () => 'x' } },
    );
    expect(Object.keys(merged.Query)).toEqual(['station', 'arrivals']);
    expect(merged.Query.station).toBe(station);
    expect(merged.Date).toBe(scalarResolvers.Date);
    expect(Object.keys(merged.Station)).toEqual(['code']);
  });

  it('refuses a field given twice instead of letting the second file win', () => {
    expect(() =>
      mergeResolvers<Record<string, any>>(
        { Mutation: { decide: () => 1 } },
        { Mutation: { report: () => 2 } },
        { Mutation: { decide: () => 3 } },
      ),
    ).toThrow('Resolver Mutation.decide is given by part 1 and again by part 3');
  });

  it('refuses a scalar given twice', () => {
    expect(() =>
      mergeResolvers<Record<string, any>>(
        { Date: scalarResolvers.Date },
        { Date: scalarResolvers.Date },
      ),
    ).toThrow('Resolver Date is given by part 1 and again by part 2');
  });
});
