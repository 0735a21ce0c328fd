import { makeResidentId, personIdFor, shiftDate } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testDatabase } from '../../../test/support/database.js';
import {
  DISTRICT_OFFICIAL,
  RAILWAY_FEED,
  VIEWER,
  execute,
  isolatedDate,
  streetOfficial,
  uniqueTrain,
} from './execute.js';

const db = testDatabase('transport');
afterAll(() => db.destroy());

const date = isolatedDate(2015);
const from = `${date}T00:00:00+08:00`;
const to = `${date}T23:59:59+08:00`;
// Five passengers on two trains; two boarded in Hubei (a key region), three in Anhui.
const people = Array.from({ length: 5 }, (_, i) =>
  makeResidentId(i < 2 ? '420102' : '340104', `1970-0${i + 1}-15`, 100 + i),
);

beforeAll(async () => {
  const record = (hour: string, ids: string[]) => ({
    stationCode: 'SNH',
    trainNumber: uniqueTrain('Z'),
    serviceDate: date,
    originCode: '340104',
    scheduledArrival: `${date}T${hour}:00:00+08:00`,
    ticketedPassengers: ids.length,
    passengers: ids.map((idNumber) => ({ idNumber, boardingCode: idNumber.slice(0, 6) })),
  });
  const result = await execute(
    db,
    'mutation ($r: [TicketingRecordInput!]!) { ingestTicketingFeed(records: $r) { accepted } }',
    { r: [record('10', people.slice(0, 3)), record('14', people.slice(3))] },
    RAILWAY_FEED,
  );
  expect(result.data!.ingestTicketingFeed.accepted).toBe(2);
});

const PAGE = `query ($from: DateTime!, $to: DateTime!, $first: Int, $after: String, $keyOnly: Boolean, $station: ID, $kind: StationKind) {
  passengerArrivals(from: $from, to: $to, first: $first, after: $after, keyRegionsOnly: $keyOnly, stationCode: $station, stationKind: $kind) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id person { id } arrivedAt originCode fromKeyRegion trainNumber station { code } } }
  }
}`;

describe('passenger arrivals', () => {
  it('pages every arrival of the window once, in arrival order, with keyset cursors', async () => {
    const seen: Array<{ person: { id: string }; arrivedAt: string }> = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result = await execute(db, PAGE, { from, to, first: 2, after });
      expect(result.errors).toBeUndefined();
      const connection: any = result.data!.passengerArrivals;
      expect(connection.totalCount).toBe(5);
      seen.push(...connection.edges.map((edge: any) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen.map((node) => node.person.id).sort()).toEqual(
      people.map((id) => personIdFor(id, TEST_PERSON_ID_KEY)).sort(),
    );
    const times = seen.map((node) => new Date(node.arrivedAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('keeps only key-region passengers when asked', async () => {
    const result = await execute(db, PAGE, { from, to, first: 50, keyOnly: true });
    const nodes = result.data!.passengerArrivals.edges.map((edge: any) => edge.node);
    expect(result.data!.passengerArrivals.totalCount).toBe(2);
    expect(nodes.every((node: any) => node.fromKeyRegion && node.originCode === '420102')).toBe(
      true,
    );
  });

  it('keeps only arrivals at stations of one kind when asked', async () => {
    expect(
      (await execute(db, PAGE, { from, to, kind: 'RAIL' })).data!.passengerArrivals.totalCount,
    ).toBe(5);
    expect(
      (await execute(db, PAGE, { from, to, kind: 'COACH' })).data!.passengerArrivals.totalCount,
    ).toBe(0);
  });

  it('counts arrivals by region of boarding, withholding regions with counts small enough to single a traveller out', async () => {
    const byOrigin = `{ station(code: "SNH") { arrivalsByOrigin(from: "${from}", to: "${to}") { originCode originName isKeyRegion arrivals } } }`;
    const official = await execute(db, byOrigin, {}, DISTRICT_OFFICIAL);
    expect(official.data!.station.arrivalsByOrigin).toEqual([
      { originCode: '340104', originName: '安徽省合肥市蜀山区', isKeyRegion: false, arrivals: 3 },
      { originCode: '420102', originName: '湖北省武汉市江岸区', isKeyRegion: true, arrivals: 2 },
    ]);
    // The operations screen has no personal-data rights: it asks for whole city days only, and a
    // region with fewer than 5 arrivals does not show at all (its presence would say "not zero").
    const refused = await execute(db, byOrigin, {}, VIEWER);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const wholeDay = `{ station(code: "SNH") { arrivalsByOrigin(from: "${from}", to: "${shiftDate(date, 1)}T00:00:00+08:00") { originCode originName isKeyRegion arrivals } } }`;
    const screen = await execute(db, wholeDay, {}, VIEWER);
    expect(screen.errors).toBeUndefined();
    expect(screen.data!.station.arrivalsByOrigin).toEqual([]);
  });

  it('shows rows only to callers with transport:read, and to street officials only for their streets', async () => {
    expect((await execute(db, PAGE, { from, to }, VIEWER)).errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    const elsewhere = streetOfficial(['310104003']);
    expect(
      (await execute(db, PAGE, { from, to, station: 'SNH' }, elsewhere)).errors![0]!.extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await execute(db, PAGE, { from, to }, elsewhere)).data!.passengerArrivals.totalCount,
    ).toBe(0);
    const stationStreet = streetOfficial(['310104017']);
    expect(
      (await execute(db, PAGE, { from, to }, stationStreet)).data!.passengerArrivals.totalCount,
    ).toBe(5);
  });

  it('refuses a window over 7 days, a page over 500 and a foreign cursor with BAD_USER_INPUT', async () => {
    const wide = await execute(db, PAGE, { from, to: '2099-01-01T00:00:00+08:00' });
    expect(wide.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'to',
    });
    const big = await execute(db, PAGE, { from, to, first: 501 });
    expect(big.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'first',
    });
    const foreign = await execute(
      db,
      PAGE,
      { from, to, after: Buffer.from('k:3101040030001').toString('base64url') },
      DISTRICT_OFFICIAL,
    );
    expect(foreign.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'after',
    });
  });

  it('reports a bad window and a bad page together, in one refusal', async () => {
    const both = await execute(db, PAGE, { from, to: '2099-01-01T00:00:00+08:00', first: 501 });
    expect(both.errors).toHaveLength(1);
    const { code, problems } = both.errors![0]!.extensions as {
      code: string;
      problems: Array<{ field: string; reason: string }>;
    };
    expect(code).toBe('BAD_USER_INPUT');
    expect(problems.map((problem) => `${problem.field}: ${problem.reason}`)).toEqual([
      'to: the window may span at most 7 days',
      'first: must be at most 500',
    ]);
  });
});
