import { createLogger, shiftDate } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { RiskRunner, type GatewaySettings } from '@cityhub/risk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { BASE, THRESHOLD, candidates, minus, possible } from '../support/disclosure-attack.js';
import { authHeaders, graphql } from '../support/hub.js';
import { startHubWithRiskRuns } from '../support/risk-hub.js';

/**
 * Differencing attacks through the gateway. For every count published to a caller without
 * exact-figure rights, the attacker combines it with its complements, parents, siblings and
 * neighbouring windows and ranges, knowing the rule (null below 5, otherwise rounded to the nearest
 * 5). Each attack computes the values a suppressed count can still take; none may leave one.
 */
const DISTRICT = '310104';
const DATE = shiftDate(TEST_REFERENCE_DATE, -1);

const risk = testDatabase('risk');
let hub: InProcessHub;
let gatewayUrl = '';
const COLOURS = ['green', 'yellow', 'red'] as const;
type Colour = (typeof COLOURS)[number];
type Counts = { residentCount: number | null } & Record<Colour, number | null>;
interface Area extends Counts {
  code: string;
}

const exact = () => authHeaders();
const callers: Array<[string, () => Promise<Record<string, string>>]> = [
  ['anonymous', async () => ({})],
  ['viewer', () => authHeaders({ roles: ['viewer'] }, 'resident-services')],
];

const AREA_FIELDS = 'code residentCount healthCodeCounts { green yellow red }';
const BOARD = `{ district(code: "${DISTRICT}") { ${AREA_FIELDS.replace('code ', '')} streets { ${AREA_FIELDS} communities(first: 500) { edges { node { ${AREA_FIELDS} } } } } } }`;

interface Board {
  district: Counts;
  streets: Array<Area & { communities: Area[] }>;
}

async function board(headers: Record<string, string>): Promise<Board> {
  const response = await graphql(gatewayUrl, BOARD, {}, headers);
  expect(response.errors).toBeUndefined();
  const flat = (area: any): Area => ({
    code: area.code,
    residentCount: area.residentCount,
    ...area.healthCodeCounts,
  });
  const district = response.data!.district;
  return {
    district: flat(district),
    streets: district.streets.map((street: any) => ({
      ...flat(street),
      communities: street.communities.edges.map((edge: any) => flat(edge.node)),
    })),
  };
}

let truth: Board;
beforeAll(async () => {
  let gateway: () => GatewaySettings;
  ({ hub, gateway } = await startHubWithRiskRuns());
  gatewayUrl = hub.gateway.url;
  truth = await board(await exact());
  await new RiskRunner(risk, gateway(), createLogger('privacy-test', 'silent')).run(
    DATE,
    'COMMAND_LINE',
    'privacy test',
  );
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await risk.destroy();
});

describe('exact figures for callers with personal-data rights', () => {
  it('add up: colours to residents, communities to streets, streets to the district', () => {
    const sum = (areas: Counts[], key: keyof Counts) =>
      areas.reduce((total, area) => total + area[key]!, 0);
    for (const key of ['residentCount', ...COLOURS] as const) {
      expect(sum(truth.streets, key)).toBe(truth.district[key]);
      for (const street of truth.streets) expect(sum(street.communities, key)).toBe(street[key]);
    }
    for (const area of [truth.district, ...truth.streets]) {
      expect(area.green! + area.yellow! + area.red!).toBe(area.residentCount);
    }
    // The suite needs small cells to attack.
    const small = truth.streets.flatMap((s) => s.communities).filter((c) => c.red! > 0);
    expect(small.some((c) => c.red! < THRESHOLD)).toBe(true);
  });
});

describe.each(callers)('differencing attacks as %s', (_name, headers) => {
  let published: Board;
  beforeAll(async () => {
    published = await board(await headers());
  });

  it('publishes every count as null or a multiple of 5 at or above the threshold', () => {
    const areas = [
      published.district,
      ...published.streets,
      ...published.streets.flatMap((s) => s.communities),
    ];
    for (const area of areas)
      for (const key of ['residentCount', ...COLOURS] as const) {
        const value = area[key];
        if (value !== null) {
          expect(value % BASE).toBe(0);
          expect(value).toBeGreaterThanOrEqual(THRESHOLD);
        }
      }
  });

  it('cannot recover a suppressed colour from its complement (residents − the other colours)', () => {
    let attacked = 0;
    const areas = [
      published.district,
      ...published.streets,
      ...published.streets.flatMap((s) => s.communities),
    ];
    for (const area of areas) {
      for (const colour of COLOURS) {
        if (area[colour] !== null) continue;
        const others = COLOURS.filter((c) => c !== colour).map((c) => possible(area[c]));
        const derived = minus(possible(area.residentCount), ...others);
        attacked += 1;
        expect(
          candidates(derived),
          `${'code' in area ? area.code : DISTRICT} ${colour}`,
        ).toBeGreaterThan(1);
      }
    }
    expect(attacked).toBeGreaterThan(0);
  });

  it('cannot recover a suppressed community count from its street minus its siblings', () => {
    let attacked = 0;
    for (const street of published.streets)
      for (const key of ['residentCount', ...COLOURS] as const)
        for (const community of street.communities) {
          if (community[key] !== null) continue;
          const siblings = street.communities
            .filter((c) => c !== community)
            .map((c) => possible(c[key]));
          attacked += 1;
          expect(
            candidates(minus(possible(street[key]), ...siblings)),
            `${community.code} ${key}`,
          ).toBeGreaterThan(1);
        }
    expect(attacked).toBeGreaterThan(0);
  });

  it('cannot recover a suppressed street count from the district minus the other streets', () => {
    for (const key of ['residentCount', ...COLOURS] as const)
      for (const street of published.streets) {
        if (street[key] !== null) continue;
        const others = published.streets.filter((s) => s !== street).map((s) => possible(s[key]));
        expect(candidates(minus(possible(published.district[key]), ...others))).toBeGreaterThan(1);
      }
  });

  it('gets counts over windows only for whole ISO weeks, so no two windows differ by a few days', async () => {
    const community = truth.streets[0]!.communities[0]!.code;
    // TEST_REFERENCE_DATE's week: find its Monday.
    const day = new Date(`${TEST_REFERENCE_DATE}T00:00:00Z`);
    const monday = shiftDate(TEST_REFERENCE_DATE, -((day.getUTCDay() + 6) % 7) - 7);
    const windows = [
      [monday, shiftDate(monday, 6), true],
      [monday, shiftDate(monday, 5), false],
      [shiftDate(monday, 1), shiftDate(monday, 6), false],
      [monday, shiftDate(monday, 7), false],
      [shiftDate(monday, -7), shiftDate(monday, 6), false],
    ] as const;
    for (const [from, to, allowed] of windows) {
      const response = await graphql(
        gatewayUrl,
        `query ($code: ID!, $from: Date!, $to: Date!) { community(code: $code) { keyRegionArrivalCount(from: $from, to: $to) } street(code: "${community.slice(0, 9)}") { keyRegionArrivalCount(from: $from, to: $to) } district(code: "${DISTRICT}") { keyRegionArrivalCount(from: $from, to: $to) } }`,
        { code: community, from, to },
        await headers(),
      );
      if (allowed) {
        expect(response.errors).toBeUndefined();
        for (const area of ['community', 'street', 'district']) {
          const value = response.data![area].keyRegionArrivalCount;
          if (value !== null) expect(value % BASE).toBe(0);
        }
      } else {
        expect(response.errors?.[0]?.extensions?.code, `${from}..${to}`).toBe('BAD_USER_INPUT');
        for (const area of ['community', 'street', 'district'])
          expect(response.data?.[area]?.keyRegionArrivalCount ?? null).toBeNull();
      }
    }
  });

  it('gets people checked at a checkpoint only for whole hours, so no two windows differ by minutes', async () => {
    const hour = Date.parse(`${DATE}T02:00:00Z`);
    const iso = (ms: number) => new Date(ms).toISOString();
    const minute = 60_000;
    const windows = [
      [hour, hour + 60 * minute, true],
      [hour, hour + 59 * minute, false],
      [hour + minute, hour + 61 * minute, false],
      [hour, hour + 120 * minute, false],
    ] as const;
    for (const [from, to, allowed] of windows) {
      const response = await graphql(
        gatewayUrl,
        'query ($from: DateTime!, $to: DateTime!) { checkpoints { code peopleChecked(from: $from, to: $to) } }',
        { from: iso(from), to: iso(to) },
        await headers(),
      );
      if (_name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        continue;
      }
      if (allowed) {
        expect(response.errors).toBeUndefined();
        for (const checkpoint of response.data!.checkpoints) {
          const value = checkpoint.peopleChecked;
          if (value !== null) {
            expect(value % BASE).toBe(0);
            expect(value).toBeGreaterThanOrEqual(THRESHOLD);
          }
        }
      } else {
        expect(response.errors?.[0]?.extensions?.code, `${iso(from)}..${iso(to)}`).toBe(
          'BAD_USER_INPUT',
        );
      }
    }
  });

  it("gets a station's arrivals by origin only for whole city days, so no two windows differ by minutes", async () => {
    const midnight = Date.parse(`${DATE}T00:00:00+08:00`);
    const iso = (ms: number) => new Date(ms).toISOString();
    const hour = 3_600_000;
    for (const [from, to, allowed] of [
      [midnight, midnight + 24 * hour, true],
      [midnight, midnight + 24 * hour - 1_000, false],
      [midnight + hour, midnight + 25 * hour, false],
      [midnight, midnight + 48 * hour, false],
    ] as const) {
      const response = await graphql(
        gatewayUrl,
        'query ($from: DateTime!, $to: DateTime!) { stations { code arrivalsByOrigin(from: $from, to: $to) { originCode arrivals } } }',
        { from: iso(from), to: iso(to) },
        await headers(),
      );
      if (_name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        continue;
      }
      if (!allowed) {
        expect(response.errors?.[0]?.extensions?.code, `${iso(from)}..${iso(to)}`).toBe(
          'BAD_USER_INPUT',
        );
        continue;
      }
      expect(response.errors).toBeUndefined();
      for (const station of response.data!.stations)
        for (const origin of station.arrivalsByOrigin) {
          // A region that shows up has at least 5 arrivals: its presence says nothing smaller.
          expect(origin.arrivals).toBeGreaterThanOrEqual(THRESHOLD);
          expect(origin.arrivals % BASE).toBe(0);
        }
    }
  });

  it('gets age counts only for the published bands, so no age can be differenced out', async () => {
    const community = truth.streets[0]!.communities[0]!.code;
    for (const [minAge, allowed] of [
      [60, true],
      [65, true],
      [80, true],
      [66, false],
      [64, false],
      [0, false],
    ] as const) {
      const response = await graphql(
        gatewayUrl,
        'query ($code: ID!, $minAge: Int!) { community(code: $code) { residentCountAged(minAge: $minAge) } }',
        { code: community, minAge },
        await headers(),
      );
      if (allowed) {
        expect(response.errors).toBeUndefined();
        const value = response.data!.community.residentCountAged;
        if (value !== null) expect(value % BASE).toBe(0);
      } else {
        expect(response.errors?.[0]?.extensions?.code, `minAge ${minAge}`).toBe('BAD_USER_INPUT');
      }
    }
  });

  it("does not give a community's case counts through its risk assessment", async () => {
    const target = truth.streets
      .flatMap((s) => s.communities)
      .find((c) => c.residentCount! > 0 && c.residentCount! % BASE !== 0)!;
    const response = await graphql(
      gatewayUrl,
      'query ($code: ID!, $date: Date!) { community(code: $code) { risk(date: $date) { score residentCount contributions { indicator { code } rawValue normalisedValue contribution } } riskHistory(from: $date, to: $date) { residentCount contributions { rawValue } } } }',
      { code: target.code, date: DATE },
      await headers(),
    );
    if (_name === 'anonymous') {
      expect(response.data?.community?.risk ?? null).toBeNull();
      return;
    }
    const assessment = response.data!.community.risk;
    expect(assessment.score).toEqual(expect.any(Number));
    expect(assessment.residentCount).not.toBe(target.residentCount);
    expect(assessment.residentCount % BASE).toBe(0);
    for (const contribution of [
      ...assessment.contributions,
      ...response.data!.community.riskHistory.flatMap((a: any) => a.contributions),
    ]) {
      expect(contribution.rawValue ?? null).toBeNull();
      expect(contribution.normalisedValue ?? null).toBeNull();
      expect(contribution.contribution ?? null).toBeNull();
    }
    expect(response.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});

/** Station flows on DATE: the day, its hours, its peaks and a forecast of the same day. */
const CITY_MIDNIGHT = Date.parse(`${DATE}T00:00:00+08:00`);
const HOUR_MS = 3_600_000;
const STATION_FLOWS = `query ($date: Date!, $from: DateTime!, $to: DateTime!) {
  stations {
    code
    dailyArrivals(from: $date, to: $date) { arrivals }
    hourlyArrivals(from: $from, to: $to) { arrivals }
    peakHours(date: $date, top: 3) { totalArrivals peakShare windows { arrivals share } }
    arrivalsForecast(from: $from, hours: 24) { totalArrivals hours { arrivals } peakWindows(top: 3) { arrivals share } }
  }
}`;
interface StationFlows {
  code: string;
  dailyArrivals: Array<{ arrivals: number | null }>;
  hourlyArrivals: Array<{ arrivals: number | null }>;
  peakHours: {
    totalArrivals: number | null;
    peakShare: number | null;
    windows: Array<{ arrivals: number | null; share: number | null }>;
  };
  arrivalsForecast: {
    totalArrivals: number | null;
    hours: Array<{ arrivals: number | null }>;
    peakWindows: Array<{ arrivals: number | null; share: number | null }>;
  };
}
async function stationFlows(headers: Record<string, string>) {
  return graphql(
    gatewayUrl,
    STATION_FLOWS,
    {
      date: DATE,
      from: new Date(CITY_MIDNIGHT).toISOString(),
      to: new Date(CITY_MIDNIGHT + 24 * HOUR_MS).toISOString(),
    },
    headers,
  );
}
function expectPublished(value: number | null, what: string) {
  if (value === null) return;
  expect(value % BASE, what).toBe(0);
  expect(value, what).toBeGreaterThanOrEqual(THRESHOLD);
}

describe('exact station and checkpoint flows for callers with personal-data rights', () => {
  it('add up: hours to the day, the forecast to its hours, shares times the total to the arrivals', async () => {
    const response = await stationFlows(await exact());
    expect(response.errors).toBeUndefined();
    const stations = response.data!.stations as StationFlows[];
    const sum = (rows: Array<{ arrivals: number | null }>) =>
      rows.reduce((total, row) => total + row.arrivals!, 0);
    let arrivals = 0;
    for (const station of stations) {
      const day = station.dailyArrivals[0]!.arrivals!;
      arrivals += day;
      expect(sum(station.hourlyArrivals), station.code).toBe(day);
      expect(station.peakHours.totalArrivals).toBe(day);
      expect(station.arrivalsForecast.totalArrivals).toBe(sum(station.arrivalsForecast.hours));
      for (const window of [...station.peakHours.windows, ...station.arrivalsForecast.peakWindows])
        expect(Math.round(window.share! * (day || 1))).toBe(day === 0 ? 0 : window.arrivals);
      if (day > 0)
        expect(station.peakHours.peakShare! * day).toBeCloseTo(sum(station.peakHours.windows));
    }
    // The suite needs hours with few arrivals to attack.
    expect(arrivals).toBeGreaterThan(0);
    expect(
      stations.some((s) => s.hourlyArrivals.some((h) => h.arrivals! > 0 && h.arrivals! % BASE)),
    ).toBe(true);
  });
});

describe.each(callers)(
  'differencing attacks on station and checkpoint flows as %s',
  (name, headers) => {
    it('cannot recover a suppressed hour from the day minus the other hours, nor an hour from a share × total', async () => {
      const response = await stationFlows(await headers());
      if (name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expect(response.errors).toBeUndefined();
      let attacked = 0;
      for (const station of response.data!.stations as StationFlows[]) {
        const day = station.dailyArrivals[0]!.arrivals;
        const counts = [
          day,
          ...station.hourlyArrivals.map((h) => h.arrivals),
          station.peakHours.totalArrivals,
          ...station.peakHours.windows.map((w) => w.arrivals),
          station.arrivalsForecast.totalArrivals,
          ...station.arrivalsForecast.hours.map((h) => h.arrivals),
          ...station.arrivalsForecast.peakWindows.map((w) => w.arrivals),
        ];
        for (const count of counts) expectPublished(count, station.code);
        station.hourlyArrivals.forEach((hour, index) => {
          if (hour.arrivals !== null) return;
          const others = station.hourlyArrivals
            .filter((_, other) => other !== index)
            .map((h) => possible(h.arrivals));
          attacked += 1;
          expect(
            candidates(minus(possible(day), ...others)),
            `${station.code} hour ${index}`,
          ).toBeGreaterThan(1);
        });
        // A share times the published total gives back only the published arrivals, never more.
        for (const [total, windows] of [
          [station.peakHours.totalArrivals, station.peakHours.windows],
          [station.arrivalsForecast.totalArrivals, station.arrivalsForecast.peakWindows],
        ] as const)
          for (const window of windows) {
            if (window.arrivals === null || total === null) {
              expect(window.share, station.code).toBeNull();
              continue;
            }
            expect(window.share! * total, station.code).toBeCloseTo(window.arrivals);
          }
        const { peakShare, totalArrivals } = station.peakHours;
        if (peakShare !== null) {
          const peak = peakShare * totalArrivals!;
          expect(Math.abs(peak - Math.round(peak / BASE) * BASE), station.code).toBeLessThan(1e-6);
        }
      }
      expect(attacked).toBeGreaterThan(0);
    });

    it('gets a forecast only for one whole city day, so no two forecasts differ by a few hours', async () => {
      const iso = (ms: number) => new Date(ms).toISOString();
      for (const [from, hours, allowed] of [
        [CITY_MIDNIGHT, 24, true],
        [CITY_MIDNIGHT, 23, false],
        [CITY_MIDNIGHT, 25, false],
        [CITY_MIDNIGHT + HOUR_MS, 24, false],
        [CITY_MIDNIGHT, 48, false],
        [null, 24, false],
      ] as const) {
        const response = await graphql(
          gatewayUrl,
          'query ($from: DateTime, $hours: Int) { stations { code arrivalsForecast(from: $from, hours: $hours) { totalArrivals } } }',
          { from: from === null ? null : iso(from), hours },
          await headers(),
        );
        if (name === 'anonymous') {
          expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
          continue;
        }
        if (allowed) {
          expect(response.errors).toBeUndefined();
          for (const station of response.data!.stations)
            expectPublished(station.arrivalsForecast.totalArrivals, station.code);
        } else {
          expect(response.errors?.[0]?.extensions?.code, `${from} + ${hours} h`).toBe(
            'BAD_USER_INPUT',
          );
        }
      }
    });

    it("publishes a checkpoint's people per hour rounded, so hours cannot be differenced from their sum", async () => {
      const response = await graphql(
        gatewayUrl,
        'query ($from: DateTime!, $to: DateTime!) { checkpoints { code hourlyCounts(from: $from, to: $to) { inboundPeople } } }',
        {
          from: new Date(CITY_MIDNIGHT).toISOString(),
          to: new Date(CITY_MIDNIGHT + 24 * HOUR_MS).toISOString(),
        },
        await headers(),
      );
      if (name === 'anonymous') {
        expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        return;
      }
      expect(response.errors).toBeUndefined();
      let published = 0;
      for (const checkpoint of response.data!.checkpoints)
        for (const hour of checkpoint.hourlyCounts) {
          expectPublished(hour.inboundPeople, checkpoint.code);
          if (hour.inboundPeople !== null) published += 1;
        }
      expect(published).toBeGreaterThan(0);
    });
  },
);

describe('venue, site and enterprise headcounts for an official who states no purpose', () => {
  const HEADCOUNTS = `query ($date: Date!) {
    venues: sites(kind: STATION_HALL) { edges { node { id capacity visitorCounts(date: $date) { visitors shareOfCapacity } } } }
    building: sites(kind: CONSTRUCTION, first: 40) { edges { node { id report(date: $date) { headcount newArrivalCount } } } }
    enterprises(first: 100) { edges { node { creditCode employeeCount indicators(months: 12) { headcount } } } }
  }`;
  const countsOf = (data: any): Array<[string, number | null]> => [
    ...data.venues.edges.flatMap(({ node }: any) =>
      node.visitorCounts.map((c: any) => [`venue ${node.id}`, c.visitors]),
    ),
    ...data.building.edges.flatMap(({ node }: any) =>
      node.report
        ? [
            [`site ${node.id}`, node.report.headcount],
            [`site ${node.id} new`, node.report.newArrivalCount],
          ]
        : [],
    ),
    ...data.enterprises.edges.flatMap(({ node }: any) => [
      [node.creditCode, node.employeeCount],
      ...node.indicators.map((i: any) => [`${node.creditCode} month`, i.headcount]),
    ]),
  ];

  it('are exact with a purpose, and a share times the capacity gives the visitors', async () => {
    const response = await graphql(
      gatewayUrl,
      HEADCOUNTS,
      { date: TEST_REFERENCE_DATE },
      await exact(),
    );
    expect(response.errors).toBeUndefined();
    const counts = countsOf(response.data);
    // The attack below needs exact figures that the rule changes.
    expect(counts.some(([, value]) => value !== null && value % BASE !== 0)).toBe(true);
    for (const { node } of response.data!.venues.edges)
      for (const count of node.visitorCounts)
        expect(count.shareOfCapacity * node.capacity).toBeCloseTo(count.visitors);
  });

  it('are rounded without one, and a share times the capacity gives back only the published visitors', async () => {
    const response = await graphql(
      gatewayUrl,
      HEADCOUNTS,
      { date: TEST_REFERENCE_DATE },
      await authHeaders({}, null),
    );
    expect(response.errors).toBeUndefined();
    const counts = countsOf(response.data);
    expect(counts.length).toBeGreaterThan(0);
    for (const [what, value] of counts) expectPublished(value, what);
    for (const { node } of response.data!.venues.edges)
      for (const count of node.visitorCounts) {
        if (count.visitors === null) expect(count.shareOfCapacity).toBeNull();
        else expect(count.shareOfCapacity * node.capacity).toBeCloseTo(count.visitors);
      }
  });
});

describe.each(callers)('crowded venues as %s', (name, headers) => {
  it('are filtered and ordered on the published share, so bisecting the threshold finds no exact count', async () => {
    const ask = async (threshold: number) =>
      graphql(
        gatewayUrl,
        'query ($threshold: Float, $at: DateTime!) { crowdedVenues(threshold: $threshold, at: $at) { visitors shareOfCapacity } }',
        { threshold, at: `${TEST_REFERENCE_DATE}T09:30:00+08:00` },
        await headers(),
      );
    const all = await ask(1e-6);
    if (name === 'anonymous') {
      expect(all.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      return;
    }
    expect(all.errors, JSON.stringify(all.errors)).toBeUndefined();
    const venues = all.data!.crowdedVenues as Array<{
      visitors: number | null;
      shareOfCapacity: number | null;
    }>;
    expect(venues.length).toBeGreaterThan(0);
    const shares = venues.map((venue) => venue.shareOfCapacity!);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    for (const venue of venues) expectPublished(venue.visitors, 'visitors');
    // Just above and at each published share: a venue is listed exactly when its published share
    // reaches the threshold, whatever its exact visitors.
    for (const share of [...new Set(shares)]) {
      for (const threshold of [share, share + 1e-9]) {
        const listed = ((await ask(threshold)).data!.crowdedVenues as typeof venues)
          .map((venue) => venue.shareOfCapacity!)
          .sort();
        const expected = venues
          .filter((venue) => venue.shareOfCapacity! >= threshold)
          .map((venue) => venue.shareOfCapacity!)
          .sort();
        expect(listed, `threshold ${threshold}`).toEqual(expected);
      }
    }
  });
});
