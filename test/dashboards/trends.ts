import { createLogger, shiftDate } from '@cityhub/kit';
import { RiskRunner } from '@cityhub/risk';
import { describe, expect, it } from 'vitest';
import { isRecentDay } from '../../subgraphs/population/src/repositories/snapshot-store.js';
import { healthCodesByStreet, resumedByStreetAndDay } from '../support/dashboard-history.js';
import { graphql } from '../support/hub.js';
import {
  ASSESSED,
  YESTERDAY,
  enterprises,
  gateway,
  risk,
  url,
  type Counts,
} from './dashboards-hub.js';

// The operations screen's three dashboards (issue #20), each in one request through the gateway,
// compared with the records they are drawn from.
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
    // Exact figures (an official with a purpose): every street's colours each day are its
    // residents' as the generated history has them (a code shown from the day it changed).
    // Within the hour after the city's midnight, yesterday's snapshot is copied from the live
    // counts (snapshot-store.ts), which then hold other test files' changes of today: that day is
    // left out then; every other day is compared exactly.
    const history = healthCodesByStreet(from, 14);
    const justAfterMidnight = isRecentDay(YESTERDAY, new Date());
    const days = justAfterMidnight ? 13 : 14;
    expect([...history.keys()].sort()).toEqual(streets.map((s) => s.code).sort());
    for (const street of streets)
      expect(
        street.healthCodeSeries.points
          .slice(0, days)
          .map(({ green, yellow, red }: Counts) => ({ green, yellow, red })),
        street.code,
      ).toEqual(history.get(street.code)!.slice(0, days));
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
    const days = Array.from({ length: 30 }, (_, i) => shiftDate(from, i));
    // The department's own filings: approved ones reviewed by each day's end, per street.
    const resumed = await resumedByStreetAndDay(enterprises, days);
    let grew = 0;
    expect(data!.district.streets).toHaveLength(13);
    for (const street of data!.district.streets) {
      const points = street.resumptionSeries.points;
      expect(street.resumptionSeries.asOf).not.toBeNull();
      expect(points.map((p: { date: string }) => p.date)).toEqual(days);
      for (const [i, point] of points.entries()) {
        expect(point.resumedEnterprises).toBe(resumed.get(`${street.code} ${days[i]}`) ?? 0);
        // Of operating ones, at most 1 (a suspended enterprise's approved filing counts as
        // resumed too); 0 on a street with none operating.
        const { resumedEnterprises: resumedThen, operatingEnterprises: operating } = point;
        expect(point.resumptionRate).toBeCloseTo(
          operating ? Math.min(1, resumedThen / operating) : 0,
          6,
        );
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
    for (const day of days) {
      expect(day.red + day.yellow + day.blue).toBe(957);
      // The same night's map, community by community, gives the same counts.
      const map = await graphql(
        url,
        'query ($date: Date) { district(code: "310104") { riskMap(date: $date) { communities { level } } } }',
        { date: day.date },
      );
      const levels: Array<{ level: string }> = map.data!.district.riskMap.communities;
      const count = (level: string) => levels.filter((c) => c.level === level).length;
      expect([day.red, day.yellow, day.blue]).toEqual([
        count('RED'),
        count('YELLOW'),
        count('BLUE'),
      ]);
    }
    expect(data!.street.riskSummary).toBeNull();
  }, 120_000);
});
