import { randomInt } from 'node:crypto';
import { makeResidentId, personIdFor } from '@cityhub/kit';
import { addDays } from '@cityhub/synthetic-city';
import { describe, expect, it } from 'vitest';
import { chinaDayStart } from '../subgraphs/transport/src/time.js';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { expectArgumentRefused } from './support/answers.js';
import {
  authHeaders,
  countStatements,
  graphql,
  useTestHub,
  testCity,
  resolveEntities,
} from './support/hub.js';

const hub = useTestHub();

/** The station's screen: the next 24 hours by hour, the peak windows and the checkers each hour needs. The benchmark drives it too. */
const STATION_FORECAST = `query StationForecast($station: ID!, $from: DateTime, $capacity: Int!) {
  station(code: $station) {
    code name
    arrivalsForecast(from: $from, hours: 24) {
      from totalArrivals
      hours { hour arrivals }
      peakWindows(top: 2) { start end arrivals share }
      staffingPlan(passengersPerCheckerHour: $capacity) { peakCheckers checkerHours hours { hour expectedArrivals checkers } }
    }
  }
}`;

const KEY_REGION_ARRIVALS = `query KeyRegionArrivals($from: DateTime!, $to: DateTime!, $first: Int) {
  passengerArrivals(from: $from, to: $to, first: $first, keyRegionsOnly: true) {
    totalCount
    edges { node { arrivedAt originCode trainNumber station { code } person { id residence { community { code name } } } } }
  }
}`;

describe('transport through the gateway', () => {
  it('answers the next 24 hours at Shanghai South by hour, with peaks and a staffing plan, in one query and two statements', async () => {
    const from = chinaDayStart(addDays(testCity().referenceDate, 1)).toISOString();
    const { result, statements } = await countStatements(hub(), () =>
      graphql(hub().gateway.url, STATION_FORECAST, { station: 'SNH', from, capacity: 20 }),
    );
    expect(result.errors).toBeUndefined();
    const forecast = result.data!.station.arrivalsForecast;
    expect(forecast.hours).toHaveLength(24);
    expect(forecast.totalArrivals).toBeGreaterThan(0);
    expect(
      forecast.hours.reduce((sum: number, hour: { arrivals: number }) => sum + hour.arrivals, 0),
    ).toBe(forecast.totalArrivals);
    expect(forecast.peakWindows).toHaveLength(2);
    const byHour = new Map(
      forecast.hours.map((hour: { hour: string; arrivals: number }) => [hour.hour, hour.arrivals]),
    );
    for (const peak of forecast.peakWindows) expect(byHour.get(peak.start)).toBe(peak.arrivals);
    for (const hour of forecast.staffingPlan.hours)
      expect(hour.checkers).toBe(Math.ceil(hour.expectedArrivals / 20));
    expect(statements.transport).toBe(2);
  });

  it("costs the same statements for every station's forecast as for one (no N+1)", async () => {
    const query =
      '{ stations { code arrivalsForecast(hours: 24) { totalArrivals peakWindows { share } staffingPlan(passengersPerCheckerHour: 50) { peakCheckers } } } }';
    const { result, statements } = await countStatements(hub(), () =>
      graphql(hub().gateway.url, query),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.stations.length).toBeGreaterThan(2);
    expect(statements.transport).toBe(2);
  });

  it('lists key-region arrivals with the community each resident lives in, joined from population in one statement', async () => {
    const city = testCity();
    const residents = Array.from({ length: city.residentCount }, (_, i) => ({
      i,
      person: city.person(i),
    })).filter(({ i, person }) => person.arrival?.channel === 'RAIL' && i % 3 === 0);
    const day = residents[0]!.person.arrival!.arrivedOn;
    const expected = residents
      .filter(({ person }) => person.arrival!.arrivedOn === day)
      .map(({ person }) => person);
    const from = chinaDayStart(day).toISOString();
    const to = chinaDayStart(addDays(day, 1)).toISOString();
    const { result, statements } = await countStatements(hub(), () =>
      graphql(hub().gateway.url, KEY_REGION_ARRIVALS, { from, to, first: 500 }),
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.passengerArrivals.edges.map((edge: any) => edge.node);
    expect(nodes.every((node: any) => node.originCode.startsWith('42'))).toBe(true);
    const byPerson = new Map(nodes.map((node: any) => [node.person.id, node]));
    for (const person of expected) {
      const node: any = byPerson.get(personIdFor(person.idNumber, TEST_PERSON_ID_KEY));
      expect(node?.person.residence.community.code).toBe(person.communityCode);
    }
    // Visitors from key regions are listed too; population knows no residence for them.
    expect(nodes.length).toBeGreaterThanOrEqual(expected.length);
    expect(statements.transport).toBe(3);
    expect(statements.population).toBeLessThanOrEqual(2);
  });

  it("serves the risk model's read of a day of arrivals in pages of 500, within the gateway's cost limit", async () => {
    const query = `query RiskRunRailArrivals($from: DateTime!, $to: DateTime!, $after: String) {
      passengerArrivals(from: $from, to: $to, first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { person { residence { community { code } } } } } }
    }`;
    const day = addDays(testCity().referenceDate, -1);
    const window = {
      from: chinaDayStart(day).toISOString(),
      to: chinaDayStart(addDays(day, 1)).toISOString(),
    };
    const total = await graphql(
      hub().gateway.url,
      'query ($from: DateTime!, $to: DateTime!) { passengerArrivals(from: $from, to: $to) { totalCount } }',
      window,
    );
    let after: string | null = null;
    let read = 0;
    for (let page = 0; page < 20; page++) {
      const response: any = await graphql(hub().gateway.url, query, { ...window, after });
      expect(response.errors).toBeUndefined();
      read += response.data.passengerArrivals.edges.length;
      if (!response.data.passengerArrivals.pageInfo.hasNextPage) break;
      after = response.data.passengerArrivals.pageInfo.endCursor;
    }
    expect(read).toBe(total.data!.passengerArrivals.totalCount);
    expect(read).toBeGreaterThan(0);
  });

  it('shows the stations to anyone but refuses the forecast to an anonymous caller, and an hours value outside 1–72', async () => {
    const stations = await graphql(
      hub().gateway.url,
      '{ stations(kind: RAIL) { code name street { code } } }',
      {},
      {},
    );
    expect(stations.errors).toBeUndefined();
    expect(stations.data!.stations).toEqual([
      { code: 'SNH', name: '上海南站', street: { code: '310104017' } },
    ]);
    const anonymous = await graphql(
      hub().gateway.url,
      STATION_FORECAST,
      { station: 'SNH', capacity: 20 },
      {},
    );
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const tooLong = await graphql(
      hub().gateway.url,
      '{ station(code: "SNH") { arrivalsForecast(hours: 73) { totalArrivals } } }',
    );
    expectArgumentRefused(tooLong, 'hours');
  });
});

describe('the railway feed through the gateway', () => {
  it("takes a batch from the railway's key, keeping the valid trains, and gives it no passenger rows to read", async () => {
    const feed = await authHeaders(
      { subject: 'railway-ticketing', department: 'railway', roles: ['railway-feed'] },
      null,
    );
    // A day of 2012 that nothing else touches, so the counts are this test's alone.
    const date = addDays('2012-01-01', randomInt(360));
    const train = (trainNumber: string, stationCode: string) => ({
      stationCode,
      trainNumber,
      serviceDate: date,
      originCode: '420106',
      scheduledArrival: `${date}T09:30:00+08:00`,
      actualArrival: `${date}T09:34:00+08:00`,
      ticketedPassengers: 2,
      passengers: [{ idNumber: makeResidentId('420106', '1988-08-08', randomInt(1000)) }],
    });
    const mutation =
      'mutation ($r: [TicketingRecordInput!]!) { ingestTicketingFeed(records: $r) { accepted replaced rejected { index reasons } } }';
    const records = [train(`E${randomInt(100_000)}`, 'SNH'), train('E2', 'XJH')];
    const first = await graphql(hub().gateway.url, mutation, { r: records }, feed);
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestTicketingFeed).toEqual({
      accepted: 1,
      replaced: 0,
      rejected: [
        { index: 1, reasons: ['station XJH is a metro hub, which sells no named tickets'] },
      ],
    });
    const again = await graphql(hub().gateway.url, mutation, { r: records }, feed);
    expect(again.data!.ingestTicketingFeed).toMatchObject({ accepted: 1, replaced: 1 });
    const rows = await graphql(
      hub().gateway.url,
      `{ passengerArrivals(from: "${date}T00:00:00+08:00", to: "${date}T23:00:00+08:00") { totalCount } }`,
      {},
      feed,
    );
    expect(rows.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('the transport subgraph behind the gateway', () => {
  it('resolves Station and Checkpoint references in one statement each and never invents one', async () => {
    const representations = [
      ...['SNH', 'SNC', 'XJH', 'NOPE'].map((code) => ({ __typename: 'Station', code })),
      ...['XH-KK01', 'XH-KK99'].map((code) => ({ __typename: 'Checkpoint', code })),
    ];
    const { result, statements } = await resolveEntities(
      hub(),
      'transport',
      representations,
      '... on Station { code kind } ... on Checkpoint { code name }',
    );
    expect(result.errors).toBeUndefined();
    expect(
      result.data!._entities.map((entity: { code: string } | null) => entity?.code ?? null),
    ).toEqual(['SNH', 'SNC', 'XJH', null, 'XH-KK01', null]);
    expect(statements.transport).toBe(2);
  });
});
