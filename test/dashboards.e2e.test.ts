import { shiftDate } from '@cityhub/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { expectArgumentRefused } from './support/answers.js';
import { authHeaders, graphql, useTestHub } from './support/hub.js';

// Roll-ups, a station's month, group-bys and the disclosure rule on series, each in one request
// through the gateway (the screen's three dashboards: dashboard-trends.e2e.test.ts).
const sites = testDatabase('sites');
const population = testDatabase('population');
const enterprises = testDatabase('enterprises');
const hub = useTestHub(sites, population, enterprises);
let url = '';
const YESTERDAY = shiftDate(TEST_REFERENCE_DATE, -1);

beforeAll(() => {
  url = hub().gateway.url;
});

describe('the city above the districts', () => {
  it('rolls every department’s series up to the city, equal to its one district’s here', async () => {
    const from = shiftDate(YESTERDAY, -6);
    const fields = (series: string, figures: string) =>
      `${series}(from: "${from}", to: "${YESTERDAY}", interval: WEEK) { points { date ${figures} } }`;
    const figures = [
      fields('healthCodeSeries', 'residents red'),
      fields('resumptionSeries', 'resumedEnterprises operatingEnterprises'),
      fields('siteSeries', 'sites headcount'),
    ].join(' ');
    const { data, errors } = await graphql<{ cities: any[]; district: any }>(
      url,
      `{ cities { code name residentCount districts { code } ${figures} }
         district(code: "310104") { residentCount ${figures} } }`,
    );
    expect(errors).toBeUndefined();
    const [city] = data!.cities;
    expect(city).toMatchObject({ code: '310000', name: '上海市', districts: [{ code: '310104' }] });
    const { residentCount, ...series } = data!.district;
    expect(city.residentCount).toBe(residentCount);
    expect(city.healthCodeSeries.points.length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(series)) expect(city[name]).toEqual(value);
  });
});

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

describe('typed group-by aggregates', () => {
  const from = shiftDate(TEST_REFERENCE_DATE, -60);
  const query = `query ($from: Date!, $to: Date!) { district(code: "310104") {
      warningsByIndustry { industry { code name } warnings enterprises }
      registrationsByOriginAndDay(from: $from, to: $to) { day originProvince count }
      keyRegionArrivalsByOriginAndDay(from: $from, to: $to) { day originProvince count }
      siteCountsByKindAndStreet { streetCode kind sites activeSites }
      groupRentalFlagCounts { open confirmed falseAlarm } } }`;
  const total = (rows: Array<Record<string, number>>, field: string) =>
    rows.reduce((sum, row) => sum + row[field]!, 0);

  it('add up to the departments’ own records for a caller with exact figures', async () => {
    const { data, errors } = await graphql<{ district: any }>(url, query, {
      from,
      to: TEST_REFERENCE_DATE,
    });
    expect(errors).toBeUndefined();
    const district = data!.district;
    const [arrivals] = await population('arrivals')
      .where('arrived_on', '>=', from)
      .count({ n: '*' });
    expect(total(district.keyRegionArrivalsByOriginAndDay, 'count')).toBe(Number(arrivals!.n));
    expect(
      district.keyRegionArrivalsByOriginAndDay.every((row: { originProvince: string }) =>
        row.originProvince.endsWith('0000'),
      ),
    ).toBe(true);
    const [allSites] = await sites('sites').count({ n: '*' });
    expect(total(district.siteCountsByKindAndStreet, 'sites')).toBe(Number(allSites!.n));
    const [warnings] = await enterprises('warnings').count({ n: '*' });
    expect(total(district.warningsByIndustry, 'warnings')).toBe(Number(warnings!.n));
    expect(district.registrationsByOriginAndDay.length).toBeGreaterThan(0);
  });

  it('are open to the aggregates-only viewer, counts of people rounded and small rows left out', async () => {
    const { data, errors } = await graphql<{ district: any }>(
      url,
      query,
      { from, to: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['viewer'] }, null),
    );
    expect(errors).toBeUndefined();
    for (const field of ['registrationsByOriginAndDay', 'keyRegionArrivalsByOriginAndDay'])
      for (const row of data!.district[field]) {
        expect(row.count).toBeGreaterThanOrEqual(5);
        expect(row.count % 5).toBe(0);
      }
    expect(data!.district.groupRentalFlagCounts).toMatchObject({ open: expect.any(Number) });
    const tooLong = await graphql(
      url,
      query,
      { from: shiftDate(TEST_REFERENCE_DATE, -100), to: TEST_REFERENCE_DATE },
      await authHeaders({ roles: ['viewer'] }, null),
    );
    expectArgumentRefused(tooLong, 'to');
  });
});

describe('series under the disclosure rule', () => {
  it('gives a viewer each point rounded on its own, in whole weeks', async () => {
    const wednesday = '2026-11-18';
    const { data, errors } = await graphql<{ street: any }>(
      url,
      `{ street(code: "310104003") { healthCodeSeries(from: "${wednesday}", to: "2026-11-25", interval: WEEK) {
           points { date snapshotDate residents green yellow red } } } }`,
      undefined,
      await authHeaders({ roles: ['viewer'] }, null),
    );
    expect(errors).toBeUndefined();
    const points = data!.street.healthCodeSeries.points;
    // Widened to whole ISO weeks: Monday 16 November and Monday 23 November.
    expect(points.map((p: { date: string }) => p.date)).toEqual(['2026-11-16', '2026-11-23']);
    for (const point of points)
      for (const value of [point.residents, point.green, point.yellow, point.red])
        expect(value === null || value % 5 === 0).toBe(true);
  });

  it('refuses a series longer than about 13 months, naming the argument', async () => {
    const { errors } = await graphql(
      url,
      `
        {
          street(code: "310104003") {
            healthCodeSeries(from: "2024-01-01", to: "2026-01-01") {
              asOf
            }
          }
        }
      `,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
  });
});
