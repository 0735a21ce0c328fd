import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { RAILWAY_FEED, execute, isolatedDate, uniqueTrain } from './execute.js';

const db = testDatabase('transport');
afterAll(() => db.destroy());

const INGEST = `mutation ($records: [TicketingRecordInput!]!) {
  ingestTicketingFeed(records: $records) { accepted rejected { index } }
}`;

function train(stationCode: string, date: string, hour: number, ticketed: number) {
  const hh = String(hour).padStart(2, '0');
  return {
    stationCode,
    trainNumber: uniqueTrain('D'),
    serviceDate: date,
    originCode: '420106',
    scheduledArrival: `${date}T${hh}:10:00+08:00`,
    ticketedPassengers: ticketed,
    passengers: [],
  };
}

function outboxEvents(type: string, contains: Record<string, unknown>) {
  return db('event_outbox')
    .where({ type })
    .whereRaw('data @> ?::jsonb', [JSON.stringify(contains)])
    .orderBy('seq');
}

describe('transport events', () => {
  beforeAll(async () => {
    // The coach station plans one checker an hour, each handling 100 passengers.
    await db('station_staffing')
      .insert({ code: 'SNC', rostered_checkers: 1, passengers_per_checker_hour: 100 })
      .onConflict('code')
      .merge();
  });

  it('announces a batch with rejected records once, with counts and station keys only', async () => {
    const date = isolatedDate(2013);
    const records = [train('SNC', date, 9, 3), train('SNC', date, 10, 4), train('XJH', date, 9, 5)];
    const result = await execute(db, INGEST, { records }, RAILWAY_FEED);
    expect(result.errors).toBeUndefined();
    expect(result.data!.ingestTicketingFeed).toEqual({ accepted: 2, rejected: [{ index: 2 }] });
    const events = await outboxEvents('transport.feed_batch_rejected', {
      stationCodes: ['SNC', 'XJH'],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'transport',
      version: 1,
      data: { feed: 'ticketing', accepted: 2, rejected: 1, stationCodes: ['SNC', 'XJH'] },
    });
    // A batch without rejections announces nothing.
    await execute(db, INGEST, { records: [train('SNC', date, 11, 1)] }, RAILWAY_FEED);
    expect(
      await db('event_outbox')
        .where({ type: 'transport.feed_batch_rejected' })
        .whereRaw(`data->'stationCodes' = '["SNC"]'::jsonb`),
    ).toHaveLength(0);
  });

  it('announces a forecast hour above the roster once per station and hour', async () => {
    const date = isolatedDate(2013);
    const now = new Date(`${date}T08:00:00+08:00`);
    const batch = [
      train('SNC', date, 7, 900), // before the current hour: no longer a forecast
      train('SNC', date, 9, 120),
      train('SNC', date, 9, 90), // 210 at 09:00 need 3 checkers; 1 is rostered
      train('SNC', date, 11, 80), // 1 checker is enough
    ];
    const ingest = (records: unknown[]) =>
      execute(db, INGEST, { records }, RAILWAY_FEED, now).then((r) => {
        expect(r.errors).toBeUndefined();
        return r;
      });
    await ingest(batch);
    await ingest(batch); // re-sent
    await ingest([train('SNC', date, 9, 150)]); // the hour grows: still the same alert
    const events = await outboxEvents('transport.peak_above_staffing', {
      stationCode: 'SNC',
      date,
    });
    expect(events.map((event) => event.data)).toEqual([
      { stationCode: 'SNC', date, hour: 9, needed: 3, rostered: 1 },
    ]);
    expect(events[0]).toMatchObject({ street_code: '310104017' });
    const [alert] = await db('staffing_alerts')
      .where({ station_code: 'SNC' })
      .where('hour', new Date(`${date}T09:00:00+08:00`));
    expect(alert).toMatchObject({ needed: 3, rostered: 1, event_id: events[0].id });
  });
});
