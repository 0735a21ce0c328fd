import { createLogger, shiftDate } from '@cityhub/kit';
import { RiskRunner } from '@cityhub/risk';
import { describe, expect, it } from 'vitest';
import { graphql, testCity } from '../support/hub.js';
import { risk, url, gateway, YESTERDAY, ASSESSED, type Counts } from './dashboards-hub.js';

describe('dashboards in one request each', () => {
  it('draws the 14-day health-code trend of every street, matching the generated history', async () => {
    const from = shiftDate(YESTERDAY, -13);
    const { data, errors } = await graphql<{
      district: { streets: Array<{ code: string; healthCodeSeries: any }> };
    }>(
      url,
      `
        query ($from: Date!, $to: Date!) {
          district(code: "310104") {
            streets {
              code
              healthCodeSeries(from: $from, to: $to) {
                interval
                asOf
                points {
                  date
                  snapshotDate
                  green
                  yellow
                  red
                }
              }
            }
          }
        }
      `,
      { from, to: YESTERDAY },
    );
    expect(errors).toBeUndefined();
    const streets = data!.district.streets;
    expect(streets).toHaveLength(13);
    for (const street of streets) {
      expect(street.healthCodeSeries.interval).toBe('DAY');
      expect(street.healthCodeSeries.asOf).not.toBeNull();
      expect(street.healthCodeSeries.points.map((p: { date: string }) => p.date)).toEqual(
        Array.from({ length: 14 }, (_, i) => shiftDate(from, i)),
      );
    }
    // Exact figures (an official with a purpose): the district's red codes each day are the
    // residents whose code had turned red by then.
    const people = Array.from({ length: testCity().residentCount }, (_, i) => testCity().person(i));
    for (let day = 0; day < 14; day += 1) {
      const date = shiftDate(from, day);
      const sum = (colour: keyof Counts) =>
        streets.reduce((total, s) => total + (s.healthCodeSeries.points[day][colour] ?? 0), 0);
      const expected = (colour: string) =>
        people.filter((p) => p.healthCode === colour && p.healthCodeChangedOn <= date).length;
      expect(sum('red')).toBe(expected('RED'));
      expect(sum('yellow')).toBe(expected('YELLOW'));
      expect(sum('green') + sum('yellow') + sum('red')).toBe(people.length);
    }
  });

  it('draws every street’s resumption rate over a month', async () => {
    const from = shiftDate(YESTERDAY, -29);
    const { data, errors } = await graphql<{ district: { streets: any[] } }>(
      url,
      `
        query ($from: Date!, $to: Date!) {
          district(code: "310104") {
            streets {
              code
              resumptionSeries(from: $from, to: $to) {
                asOf
                points {
                  date
                  resumptionRate
                  resumedEnterprises
                  operatingEnterprises
                  shops
                }
              }
            }
          }
        }
      `,
      { from, to: YESTERDAY },
    );
    expect(errors).toBeUndefined();
    let grew = 0;
    for (const street of data!.district.streets) {
      const points = street.resumptionSeries.points;
      expect(points).toHaveLength(30);
      for (const [i, point] of points.entries()) {
        expect(point.resumptionRate).toBeGreaterThanOrEqual(0);
        expect(point.resumptionRate).toBeLessThanOrEqual(1);
        // Approvals only accumulate.
        if (i > 0)
          expect(point.resumedEnterprises).toBeGreaterThanOrEqual(points[i - 1].resumedEnterprises);
      }
      if (points.at(-1).resumedEnterprises > points[0].resumedEnterprises) grew += 1;
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('counts the district’s risk colours per day, null on a day nobody assessed', async () => {
    const runner = new RiskRunner(risk, gateway(), createLogger('dashboards-test', 'silent'));
    for (const date of ASSESSED) await runner.run(date, 'COMMAND_LINE', 'test');
    const unassessed = shiftDate(ASSESSED[0]!, -1);
    const { data, errors } = await graphql<{ district: any; street: any }>(
      url,
      `
        query ($from: Date!, $to: Date!, $unassessed: Date!) {
          district(code: "310104") {
            riskSeries(from: $from, to: $to) {
              asOf
              points {
                date
                assessedOn
                red
                yellow
                blue
              }
            }
          }
          street(code: "310104003") {
            riskSummary(date: $unassessed) {
              red
            }
          }
        }
      `,
      { from: unassessed, to: ASSESSED[1], unassessed },
    );
    expect(errors).toBeUndefined();
    const [none, ...days] = data!.district.riskSeries.points;
    expect(none).toMatchObject({ date: unassessed, assessedOn: null, red: null, blue: null });
    expect(days.map((p: { assessedOn: string }) => p.assessedOn)).toEqual(ASSESSED);
    for (const day of days) expect(day.red + day.yellow + day.blue).toBe(957);
    expect(data!.street.riskSummary).toBeNull();
  }, 120_000);
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
