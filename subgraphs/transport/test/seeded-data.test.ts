import { SCOPES, personIdFor } from '@cityhub/kit';
import { addDays } from '@cityhub/synthetic-city';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { chinaDayStart } from '../src/time.js';
import { trainsFor } from '../src/seed/generate-traffic.js';
import { STATIONS } from '../src/seed/places.js';
import { scaleOf } from '../src/seed/seed-transport.js';
import { DISTRICT_OFFICIAL, VIEWER, execute } from './execute.js';

const db = testDatabase('transport');
afterAll(() => db.destroy());
const city = testCity();

describe('the seeded test city', () => {
  it("has the district's stations, Shanghai South among them", async () => {
    const result = await execute(
      db,
      '{ stations { code kind street { code } } station(code: "snh") { name location { latitude } } }',
      {},
      VIEWER,
    );
    expect(result.data!.stations.map((s: { code: string }) => s.code)).toEqual(
      STATIONS.map((s) => s.code).sort(),
    );
    expect(result.data!.station.name).toBe('上海南站');
  });

  it('holds each February 2020 day of Shanghai South exactly as the generator makes it', async () => {
    const date = '2020-02-10';
    const expected = trainsFor(city, STATIONS[0]!, date, scaleOf(city), true).reduce(
      (sum, train) => sum + train.passengers.length,
      0,
    );
    const result = await execute(
      db,
      `{ station(code: "SNH") { dailyArrivals(from: "${date}", to: "${date}") { arrivals } peakHours(date: "${date}") { totalArrivals } } }`,
      {},
      DISTRICT_OFFICIAL,
    );
    expect(expected).toBeGreaterThan(0);
    expect(result.data!.station.dailyArrivals).toEqual([{ arrivals: expected }]);
    expect(result.data!.station.peakHours.totalArrivals).toBe(expected);
  });

  it("puts the residents' own rail arrivals from key regions on Shanghai South trains of their day", async () => {
    const arrivals = Array.from({ length: city.residentCount }, (_, i) => city.person(i)).filter(
      (p, i) => p.arrival?.channel === 'RAIL' && i % 3 === 0,
    );
    expect(arrivals.length).toBeGreaterThan(0);
    const rows = await db('passengers as p')
      .join('train_arrivals as t', 't.id', 'p.train_arrival_id')
      .whereIn(
        'p.person_id',
        arrivals.map((p) => personIdFor(p.idNumber, TEST_PERSON_ID_KEY)),
      )
      .where('t.station_code', 'SNH')
      .select('p.person_id', 'p.origin_code', 't.service_date');
    const found = new Set(
      rows.map((row) => `${row.person_id}|${row.origin_code}|${row.service_date}`),
    );
    for (const person of arrivals)
      expect(
        found.has(
          `${personIdFor(person.idNumber, TEST_PERSON_ID_KEY)}|${person.arrival!.fromCode}|${person.arrival!.arrivedOn}`,
        ),
      ).toBe(true);
  });

  it('forecasts tomorrow from the tickets already sold', async () => {
    const from = chinaDayStart(addDays(city.referenceDate, 1));
    const to = new Date(from.getTime() + 24 * 3_600_000);
    const [sold] = await db('train_arrivals')
      .where('station_code', 'SNH')
      .where('arrives_at', '>=', from)
      .where('arrives_at', '<', to)
      .sum({ total: 'ticketed_passengers' });
    const result = await execute(
      db,
      'query ($from: DateTime) { station(code: "SNH") { arrivalsForecast(from: $from) { totalArrivals } } }',
      { from: from.toISOString() },
      DISTRICT_OFFICIAL,
    );
    expect(Number(sold!.total)).toBeGreaterThan(0);
    expect(result.data!.station.arrivalsForecast.totalArrivals).toBe(Number(sold!.total));
  });

  it('counts checkpoint traffic per hour as the passages add up, and masks plates for callers without personal-data rights', async () => {
    const day = addDays(city.referenceDate, -3);
    const from = chinaDayStart(day).toISOString();
    const to = chinaDayStart(addDays(day, 1)).toISOString();
    const query = `{ checkpoint(code: "XH-KK01") { street { code } hourlyCounts(from: "${from}", to: "${to}") { inboundVehicles outboundVehicles inboundPeople }
      peopleChecked(from: "${from}", to: "${to}") passages(from: "${from}", to: "${to}", first: 3) { totalCount edges { node { plate direction peopleChecked { id } } } } } }`;
    const [counted] = await db('checkpoint_passages')
      .where('checkpoint_code', 'XH-KK01')
      .where('passed_at', '>=', from)
      .where('passed_at', '<', to)
      .select(
        db.raw('count(*)::int AS vehicles'),
        db.raw('coalesce(sum(cardinality(person_ids)), 0)::int AS people'),
      );
    const official = await execute(db, query, {}, DISTRICT_OFFICIAL);
    expect(official.errors).toBeUndefined();
    const checkpoint = official.data!.checkpoint;
    expect(checkpoint.hourlyCounts).toHaveLength(24);
    expect(
      checkpoint.hourlyCounts.reduce(
        (sum: number, h: any) => sum + h.inboundVehicles + h.outboundVehicles,
        0,
      ),
    ).toBe(counted.vehicles);
    expect(checkpoint.passages.totalCount).toBe(counted.vehicles);
    expect(checkpoint.peopleChecked).toBe(counted.people);
    const readOnly = { ...DISTRICT_OFFICIAL, scopes: [SCOPES.transportRead], purpose: null };
    const masked = await execute(db, query, {}, readOnly);
    const plates = masked.data!.checkpoint.passages.edges.map((edge: any) => edge.node.plate);
    expect(plates.length).toBeGreaterThan(0);
    expect(plates.every((plate: string) => plate.includes('***'))).toBe(true);
    expect(
      official.data!.checkpoint.passages.edges.every((edge: any) => !edge.node.plate.includes('*')),
    ).toBe(true);
  });
});

describe('what transport adds to Person and Street', () => {
  it("lists a resident's own arrival and checkpoint passages, and a street's stations and checkpoints", async () => {
    const index = Array.from({ length: city.residentCount }, (_, i) => i).find(
      (i) => city.person(i).arrival?.channel === 'RAIL' && i % 3 === 0,
    )!;
    const person = city.person(index);
    const id = personIdFor(person.idNumber, TEST_PERSON_ID_KEY);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Person { id stationArrivals { originCode station { code } arrivedAt } checkpointPassages { checkpoint { code } } }
      ... on Street { code stations { code } checkpoints { code } } } }`;
    const result = await execute(db, query, {
      r: [
        { __typename: 'Person', id },
        { __typename: 'Street', code: '310104017' },
        { __typename: 'Street', code: '310104103' },
      ],
    });
    expect(result.errors).toBeUndefined();
    const [traveller, stationStreet, townStreet] = result.data!._entities;
    expect(traveller.stationArrivals).toContainEqual(
      expect.objectContaining({ originCode: person.arrival!.fromCode, station: { code: 'SNH' } }),
    );
    expect(stationStreet).toEqual({
      code: '310104017',
      stations: [{ code: 'SNC' }, { code: 'SNH' }],
      checkpoints: [{ code: 'XH-KK03' }],
    });
    expect(townStreet.checkpoints).toEqual([{ code: 'XH-KK01' }, { code: 'XH-KK02' }]);
    const elsewhere = await execute(
      db,
      query,
      { r: [{ __typename: 'Person', id }] },
      { ...DISTRICT_OFFICIAL, streets: ['310104003'] },
    );
    expect(elsewhere.data!._entities[0].stationArrivals).toEqual([]);
  });

  it('finds the passages a person was checked in', async () => {
    const [passage] = await db('checkpoint_passages')
      .whereRaw('cardinality(person_ids) > 0')
      .orderBy('id')
      .limit(1)
      .select('id', 'person_ids', 'checkpoint_code');
    const result = await execute(
      db,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { checkpointPassages { id checkpoint { code } } } } }',
      { r: [{ __typename: 'Person', id: passage.person_ids[0] }] },
    );
    expect(result.data!._entities[0].checkpointPassages).toContainEqual({
      id: String(passage.id),
      checkpoint: { code: passage.checkpoint_code },
    });
  });
});
