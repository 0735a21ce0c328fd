import { makeResidentId, personIdFor } from '@cityhub/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testDatabase } from '../../../test/support/database.js';
import {
  DISTRICT_OFFICIAL,
  RAILWAY_FEED,
  VIEWER,
  execute,
  isolatedDate,
  uniqueTrain,
} from './execute.js';

const db = testDatabase('transport');
afterAll(() => db.destroy());

const INGEST = `mutation ($records: [TicketingRecordInput!]!) {
  ingestTicketingFeed(records: $records) { accepted replaced passengers rejected { index trainNumber reasons } }
}`;

const ticket = (birthDate: string, sequence: number, boardingCode?: string) => ({
  idNumber: makeResidentId('420106', birthDate, sequence),
  ...(boardingCode ? { boardingCode } : {}),
});

function train(
  date: string,
  hour: number,
  passengers: Array<{ idNumber: string; boardingCode?: string }>,
  ticketed = passengers.length,
) {
  const hh = String(hour).padStart(2, '0');
  return {
    stationCode: 'SNH',
    trainNumber: uniqueTrain('K'),
    serviceDate: date,
    originCode: '420106',
    scheduledArrival: `${date}T${hh}:10:00+08:00`,
    actualArrival: `${date}T${hh}:15:00+08:00`,
    ticketedPassengers: ticketed,
    passengers,
  };
}

async function storedPassengers(trainNumbers: string[]) {
  return db('passengers as p')
    .join('train_arrivals as t', 't.id', 'p.train_arrival_id')
    .whereIn('t.train_number', trainNumbers)
    .orderBy('p.person_id')
    .pluck('p.person_id');
}

describe('ticketing feed ingestion', () => {
  it('keeps the valid records, rejects the invalid one with its reason, and counts nothing twice when re-sent', async () => {
    const date = isolatedDate(2013);
    const good = [
      train(date, 9, [ticket('1980-01-01', 11), ticket('1981-02-02', 12)], 5),
      train(date, 12, [ticket('1982-03-03', 13)]),
    ];
    const bad = { ...train(date, 10, [ticket('1983-04-04', 14)]), stationCode: 'NOPE' };
    const records = [good[0], bad, good[1]];
    const first = await execute(db, INGEST, { records }, RAILWAY_FEED);
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestTicketingFeed).toEqual({
      accepted: 2,
      replaced: 0,
      passengers: 3,
      rejected: [{ index: 1, trainNumber: bad.trainNumber, reasons: ['unknown station NOPE'] }],
    });
    const numbers = good.map((record) => record.trainNumber);
    const expectedPeople = good
      .flatMap((record) =>
        record.passengers.map((p) => personIdFor(p.idNumber, TEST_PERSON_ID_KEY)),
      )
      .sort();
    expect(await storedPassengers(numbers)).toEqual(expectedPeople);
    expect(
      await db('train_arrivals').where({ train_number: bad.trainNumber }).count({ n: '*' }),
    ).toEqual([{ n: 0 }]);

    const resent = await execute(db, INGEST, { records }, RAILWAY_FEED);
    expect(resent.data!.ingestTicketingFeed).toMatchObject({
      accepted: 2,
      replaced: 2,
      passengers: 3,
    });
    expect(await storedPassengers(numbers)).toEqual(expectedPeople);
    const daily = await execute(
      db,
      `{ station(code: "SNH") { dailyArrivals(from: "${date}", to: "${date}") { date arrivals } } }`,
      {},
      DISTRICT_OFFICIAL,
    );
    expect(daily.data!.station.dailyArrivals).toEqual([{ date, arrivals: 6 }]);

    // A corrected re-send replaces the train's passenger list rather than adding to it.
    const corrected = [
      { ...good[0]!, passengers: [good[0]!.passengers[0]!], ticketedPassengers: 4 },
    ];
    expect(
      (await execute(db, INGEST, { records: corrected }, RAILWAY_FEED)).data!.ingestTicketingFeed,
    ).toMatchObject({ accepted: 1, replaced: 1, passengers: 1 });
    expect(await storedPassengers([good[0]!.trainNumber])).toEqual([
      personIdFor(good[0]!.passengers[0]!.idNumber, TEST_PERSON_ID_KEY),
    ]);
    const after = await execute(
      db,
      `{ station(code: "SNH") { dailyArrivals(from: "${date}", to: "${date}") { arrivals } } }`,
      {},
      DISTRICT_OFFICIAL,
    );
    expect(after.data!.station.dailyArrivals).toEqual([{ arrivals: 5 }]);
  });

  it('stores the hub person id, never the ID number', async () => {
    const date = isolatedDate(2013);
    const record = train(date, 15, [ticket('1990-05-05', 21)]);
    await execute(db, INGEST, { records: [record] }, RAILWAY_FEED);
    const row = await db('passengers as p')
      .join('train_arrivals as t', 't.id', 'p.train_arrival_id')
      .where('t.train_number', record.trainNumber)
      .first('p.*');
    expect(JSON.stringify(row)).not.toContain(record.passengers[0]!.idNumber);
    expect(row.person_id).toBe(personIdFor(record.passengers[0]!.idNumber, TEST_PERSON_ID_KEY));
  });

  it('refuses a batch above 500 trains, and callers without the ingest scope', async () => {
    const date = isolatedDate(2013);
    const many = Array.from({ length: 501 }, () => train(date, 8, []));
    const tooMany = await execute(db, INGEST, { records: many }, RAILWAY_FEED);
    expect(tooMany.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'records',
    });
    const viewer = await execute(db, INGEST, { records: [train(date, 8, [])] }, VIEWER);
    expect(viewer.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
