import { shiftDate } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { expectArgumentRefused } from '../support/answers.js';
import { authHeaders, graphql } from '../support/hub.js';
import { sites, url } from './dashboards-hub.js';

describe('a station’s month in one call', () => {
  it('profiles February 2020 at Shanghai South by hour of the day, adding up to its days', async () => {
    const query = `{ station(code: "SNH") { hourOfDayProfile(month: "2020-02") { month days hours { hour arrivals averagePerDay } }
        dailyArrivals(from: "2020-02-01", to: "2020-02-29") { arrivals } } }`;
    const { data, errors } = await graphql<{ station: any }>(url, query);
    expect(errors).toBeUndefined();
    const profile = data!.station.hourOfDayProfile;
    expect(profile).toMatchObject({ month: '2020-02', days: 29 });
    expect(profile.hours.map((h: { hour: number }) => h.hour)).toEqual(
      Array.from({ length: 24 }, (_, hour) => hour),
    );
    const total = profile.hours.reduce(
      (sum: number, h: { arrivals: number }) => sum + h.arrivals,
      0,
    );
    expect(total).toBe(
      data!.station.dailyArrivals.reduce(
        (sum: number, d: { arrivals: number }) => sum + d.arrivals,
        0,
      ),
    );
    const busiest = [...profile.hours].sort((a, b) => b.arrivals - a.arrivals).slice(0, 2);
    expect(busiest.map((h: { hour: number }) => h.hour).sort((a, b) => a - b)).toEqual([9, 12]);
    expect(profile.hours[9].averagePerDay).toBeCloseTo(profile.hours[9].arrivals / 29);
    const viewer = await graphql<{ station: any }>(
      url,
      '{ station(code: "SNH") { hourOfDayProfile(month: "2020-02") { hours { arrivals averagePerDay } } } }',
      undefined,
      await authHeaders({ roles: ['viewer'] }, null),
    );
    expect(viewer.errors).toBeUndefined();
    for (const hour of viewer.data!.station.hourOfDayProfile.hours) {
      expect(hour.arrivals === null || hour.arrivals % 5 === 0).toBe(true);
      if (hour.arrivals !== null) expect(hour.averagePerDay).toBeCloseTo(hour.arrivals / 29);
    }
    const bad = await graphql(
      url,
      '{ station(code: "SNH") { hourOfDayProfile(month: "2020-13") { days } } }',
    );
    expectArgumentRefused(bad, 'month');
  });
});

describe('site figures for the aggregates-only viewer', () => {
  it('gives sites, headcounts and open cases per street and for the district, headcounts rounded', async () => {
    const day = shiftDate(TEST_REFERENCE_DATE, -5);
    const query = `query ($day: Date!) { district(code: "310104") {
        siteSeries(from: $day, to: $day) { asOf points { snapshotDate sites activeConstructionSites reportedSites headcount openScreeningCases } }
        streets { code siteSeries(from: $day, to: $day) { points { sites headcount } } } } }`;
    const viewer = await graphql<{ district: any }>(
      url,
      query,
      { day },
      await authHeaders({ roles: ['viewer'] }, null),
    );
    expect(viewer.errors).toBeUndefined();
    const [district] = viewer.data!.district.siteSeries.points;
    expect(district.snapshotDate).toBe(day);
    expect(district.headcount % 5).toBe(0);
    const exact = await graphql<{ district: any }>(url, query, { day });
    const [exactDistrict] = exact.data!.district.siteSeries.points;
    const [reported] = await sites('daily_reports')
      .where({ report_date: day })
      .whereNull('superseded_at')
      .sum({ headcount: 'headcount' });
    expect(exactDistrict.headcount).toBe(Number(reported!.headcount));
    expect(Math.abs(district.headcount - exactDistrict.headcount)).toBeLessThanOrEqual(2);
    const streets = exact.data!.district.streets;
    expect(streets.reduce((sum: number, s: any) => sum + s.siteSeries.points[0].sites, 0)).toBe(
      exactDistrict.sites,
    );
  });
});
