import { describe, expect, it } from 'vitest';
import { placesVisibleTo } from '../src/managers/street-rule.js';
import { DISTRICT_OFFICIAL, streetOfficial } from './execute.js';

const stations = [
  { code: 'SNH', streetCode: '310104017', kind: 'RAIL' },
  { code: 'SNC', streetCode: '310104017', kind: 'COACH' },
  { code: 'XJH', streetCode: '310104014', kind: 'METRO_HUB' },
];

describe('street rule for station rows', () => {
  it('lets an unlimited caller see every station, or those of one kind', () => {
    expect(placesVisibleTo(DISTRICT_OFFICIAL, stations, null)).toEqual(['SNH', 'SNC', 'XJH']);
    expect(placesVisibleTo(DISTRICT_OFFICIAL, stations, null, 'RAIL')).toEqual(['SNH']);
    expect(placesVisibleTo(DISTRICT_OFFICIAL, stations, 'SNC', 'RAIL')).toEqual([]);
    expect(placesVisibleTo(DISTRICT_OFFICIAL, stations, 'NOPE')).toEqual([]);
  });

  it('limits a street official to the stations on their streets and refuses a named station elsewhere', () => {
    const official = streetOfficial(['310104014']);
    expect(placesVisibleTo(official, stations, null)).toEqual(['XJH']);
    expect(placesVisibleTo(official, stations, 'XJH')).toEqual(['XJH']);
    expect(() => placesVisibleTo(official, stations, 'SNH')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
  });
});
