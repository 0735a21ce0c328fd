import { shiftDate } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { expectArgumentRefused } from '../support/answers.js';
import { authHeaders, graphql } from '../support/hub.js';
import { sites, population, enterprises, url } from './dashboards-hub.js';

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
