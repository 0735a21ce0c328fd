import { shiftDate } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { candidates, minus, possible } from '../support/disclosure-attack.js';
import { authHeaders, graphql, startTestHub } from '../support/hub.js';

/**
 * Differencing attacks on the dashboards' series and roll-ups, as the aggregates-only viewer: a
 * suppressed community's colour on a day from its street's point minus its siblings' points, a
 * street's from the district's, and a group-by row left out from its parent's row minus the
 * others. Every suppressed cell must keep at least two possible values.
 */
let hub: InProcessHub;
let url = '';
const TO = shiftDate(TEST_REFERENCE_DATE, -1);
const FROM = shiftDate(TO, -13);
const COLOURS = ['green', 'yellow', 'red'] as const;
type Point = Record<(typeof COLOURS)[number], number | null>;
type Series = { points: Point[] };

beforeAll(async () => {
  hub = await startTestHub();
  url = hub.gateway.url;
}, 60_000);
afterAll(async () => hub?.stop());

const viewer = () => authHeaders({ roles: ['viewer'] });
const SERIES = `healthCodeSeries(from: "${FROM}", to: "${TO}") { points { green yellow red } }`;

describe('health-code series against a viewer', () => {
  it('never pins a suppressed community, street or district point down by subtraction', async () => {
    const { data, errors } = await graphql<{ district: any; cities: any[] }>(
      url,
      `{ cities { ${SERIES} } district(code: "310104") { ${SERIES}
           streets { ${SERIES} communities(first: 500) { edges { node { ${SERIES} } } } } } }`,
      undefined,
      await viewer(),
    );
    expect(errors).toBeUndefined();
    const district: Series = data!.district.healthCodeSeries;
    const streets: Array<{ series: Series; communities: Series[] }> = data!.district.streets.map(
      (street: any) => ({
        series: street.healthCodeSeries,
        communities: street.communities.edges.map((edge: any) => edge.node.healthCodeSeries),
      }),
    );
    let attacked = 0;
    for (let day = 0; day < 14; day += 1)
      for (const colour of COLOURS) {
        const attack = (parent: Series, children: Series[]) =>
          children.forEach((child, i) => {
            if (child.points[day]![colour] !== null) return;
            attacked += 1;
            const others = children.filter((_, j) => j !== i);
            const derived = minus(
              possible(parent.points[day]![colour]),
              ...others.map((other) => possible(other.points[day]![colour])),
            );
            expect(candidates(derived), `${colour} on day ${day}`).toBeGreaterThanOrEqual(2);
          });
        for (const street of streets) attack(street.series, street.communities);
        attack(
          district,
          streets.map((street) => street.series),
        );
      }
    expect(attacked).toBeGreaterThan(100);
    // The city of one district publishes the district's very figures: nothing new to subtract.
    expect(data!.cities[0].healthCodeSeries).toEqual(district);
  });

  it('gives a week the figures of its last day, so weeks and days add no equation', async () => {
    const monday = shiftDate(TO, -((new Date(`${TO}T00:00:00Z`).getUTCDay() + 6) % 7) - 7);
    const sunday = shiftDate(monday, 6);
    const { data } = await graphql<{ street: any }>(
      url,
      `{ street(code: "310104003") {
           week: healthCodeSeries(from: "${monday}", to: "${sunday}", interval: WEEK) { points { green yellow red } }
           day: healthCodeSeries(from: "${sunday}", to: "${sunday}") { points { green yellow red } } } }`,
      undefined,
      await viewer(),
    );
    expect(data!.street.week.points).toEqual(data!.street.day.points);
  });
});

describe('group-by rows against a viewer', () => {
  it('never gives back a street’s left-out arrivals row from the district’s row', async () => {
    const from = shiftDate(TEST_REFERENCE_DATE, -27);
    type Row = { day: string; originProvince: string; count: number };
    const fields = `keyRegionArrivalsByOriginAndDay(from: "${from}", to: "${TEST_REFERENCE_DATE}") { day originProvince count }`;
    const { data, errors } = await graphql<{ district: any }>(
      url,
      `{ district(code: "310104") { ${fields} streets { code ${fields} } } }`,
      undefined,
      await viewer(),
    );
    expect(errors).toBeUndefined();
    const cell = (rows: Row[], of: Row) =>
      rows.find((row) => row.day === of.day && row.originProvince === of.originProvince)?.count ??
      null;
    const streets: Row[][] = data!.district.streets.map(
      (s: any) => s.keyRegionArrivalsByOriginAndDay,
    );
    let attacked = 0;
    for (const row of data!.district.keyRegionArrivalsByOriginAndDay as Row[])
      streets.forEach((rows, i) => {
        if (cell(rows, row) !== null) return;
        attacked += 1;
        const derived = minus(
          possible(row.count),
          ...streets.filter((_, j) => j !== i).map((other) => possible(cell(other, row))),
        );
        expect(candidates(derived)).toBeGreaterThanOrEqual(2);
      });
    expect(attacked).toBeGreaterThan(0);
  });
});
