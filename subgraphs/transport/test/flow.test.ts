import { makeResidentId } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { RAILWAY_FEED, VIEWER, ANONYMOUS, execute, isolatedDate, uniqueTrain } from './execute.js';

/**
 * The staffing plan is for transport officials: divided by chosen capacities it gives back exact
 * arrivals. This one may also read exact counts (pii:read and a purpose), so the figures add up.
 */
const STATION_PLANNER = {
  ...VIEWER,
  id: 'station-planner',
  scopes: ['transport:read', 'pii:read'],
  purpose: 'checker planning',
};

const db = testDatabase('transport');
afterAll(() => db.destroy());

// Tickets sold per hour (China Standard Time) on a day built for this test: 1,000 in all, 400 of them at 09 and 12.
const TICKETS_BY_HOUR: Record<number, number[]> = {
  7: [30],
  8: [60, 40],
  9: [150, 100],
  12: [120, 80],
  13: [90],
  17: [100, 50],
  18: [80],
  21: [100],
};
const date = isolatedDate(2014);
const dayStart = `${date}T00:00:00+08:00`;

beforeAll(async () => {
  const records = Object.entries(TICKETS_BY_HOUR).flatMap(([hour, loads]) =>
    loads.map((ticketed, i) => ({
      stationCode: 'SNH',
      trainNumber: uniqueTrain('G'),
      serviceDate: date,
      originCode: '340102',
      scheduledArrival: `${date}T${hour.padStart(2, '0')}:${String(5 + i * 20).padStart(2, '0')}:00+08:00`,
      ticketedPassengers: ticketed,
      passengers: [{ idNumber: makeResidentId('340102', '1975-06-0' + (i + 1), Number(hour)) }],
    })),
  );
  const result = await execute(
    db,
    'mutation ($r: [TicketingRecordInput!]!) { ingestTicketingFeed(records: $r) { accepted rejected { reasons } } }',
    { r: records },
    RAILWAY_FEED,
  );
  expect(result.data!.ingestTicketingFeed).toEqual({ accepted: records.length, rejected: [] });
});

const FORECAST = `query ($from: DateTime, $hours: Int, $capacity: Int!) {
  station(code: "SNH") { arrivalsForecast(from: $from, hours: $hours) {
    from totalArrivals hours { hour arrivals }
    peakWindows(top: 2) { start end arrivals share }
    staffingPlan(passengersPerCheckerHour: $capacity) { peakCheckers checkerHours hours { hour expectedArrivals checkers } }
  } }
}`;

describe('arrivals forecast, peaks and staffing on a day built for the test', () => {
  it('adds the forecast up to the tickets sold, hour by hour', async () => {
    const result = await execute(
      db,
      FORECAST,
      { from: dayStart, hours: 24, capacity: 100 },
      STATION_PLANNER,
    );
    expect(result.errors).toBeUndefined();
    const forecast = result.data!.station.arrivalsForecast;
    const sold = Object.values(TICKETS_BY_HOUR)
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(forecast.totalArrivals).toBe(sold);
    expect(forecast.hours).toHaveLength(24);
    expect(
      forecast.hours.reduce((sum: number, hour: { arrivals: number }) => sum + hour.arrivals, 0),
    ).toBe(sold);
    const byHour = forecast.hours.map((hour: { arrivals: number }) => hour.arrivals);
    for (const [hour, loads] of Object.entries(TICKETS_BY_HOUR))
      expect(byHour[Number(hour)]).toBe(loads.reduce((a, b) => a + b, 0));
    expect(new Date(forecast.hours[9].hour).toISOString()).toBe(
      new Date(`${date}T09:00:00+08:00`).toISOString(),
    );
  });

  it('finds 09–10 and 12–13 as the peaks carrying 25% and 20% of the day', async () => {
    const result = await execute(
      db,
      FORECAST,
      { from: dayStart, hours: 24, capacity: 100 },
      STATION_PLANNER,
    );
    const peaks = result.data!.station.arrivalsForecast.peakWindows;
    expect(
      peaks.map((p: { start: string; arrivals: number; share: number }) => [
        new Date(p.start).toISOString(),
        p.arrivals,
        p.share,
      ]),
    ).toEqual([
      [new Date(`${date}T09:00:00+08:00`).toISOString(), 250, 0.25],
      [new Date(`${date}T12:00:00+08:00`).toISOString(), 200, 0.2],
    ]);
    const day = await execute(
      db,
      `{ station(code: "SNH") { peakHours(date: "${date}", top: 2) { date totalArrivals peakShare windows { arrivals } } } }`,
      {},
      VIEWER,
    );
    expect(day.data!.station.peakHours).toEqual({
      date,
      totalArrivals: 1000,
      peakShare: 0.45,
      windows: [{ arrivals: 250 }, { arrivals: 200 }],
    });
  });

  it('rounds the checkers of every hour up', async () => {
    const result = await execute(
      db,
      FORECAST,
      { from: dayStart, hours: 24, capacity: 60 },
      STATION_PLANNER,
    );
    const plan = result.data!.station.arrivalsForecast.staffingPlan;
    const checkers = plan.hours.map((hour: { checkers: number }) => hour.checkers);
    // 30 → 1, 100 → 2 (not 1.67), 250 → 5 (not 4.17), 200 → 4, 90 → 2, 150 → 3, 80 → 2, 100 → 2.
    expect(checkers.filter((n: number) => n > 0)).toEqual([1, 2, 5, 4, 2, 3, 2, 2]);
    expect(plan.peakCheckers).toBe(5);
    expect(plan.checkerHours).toBe(21);
  });

  it('counts the day in the daily and hourly history', async () => {
    const result = await execute(
      db,
      `{ station(code: "SNH") { dailyArrivals(from: "${date}", to: "${date}") { arrivals } hourlyArrivals(from: "${dayStart}", to: "${date}T12:30:00+08:00") { arrivals } } }`,
      {},
      VIEWER,
    );
    expect(result.data!.station.dailyArrivals).toEqual([{ arrivals: 1000 }]);
    const hours = result.data!.station.hourlyArrivals.map(
      (hour: { arrivals: number }) => hour.arrivals,
    );
    expect(hours).toHaveLength(13);
    expect(hours.reduce((a: number, b: number) => a + b, 0)).toBe(30 + 100 + 250 + 200);
  });

  it('refuses hours outside 1–72 and a history window over 7 days with BAD_USER_INPUT', async () => {
    for (const hours of [0, 73]) {
      const result = await execute(
        db,
        FORECAST,
        { from: dayStart, hours, capacity: 60 },
        STATION_PLANNER,
      );
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'hours',
      });
    }
    const wide = await execute(
      db,
      `{ station(code: "SNH") { hourlyArrivals(from: "${dayStart}", to: "2099-01-01T00:00:00+08:00") { arrivals } } }`,
      {},
      VIEWER,
    );
    expect(wide.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'to',
    });
  });

  it('keeps the staffing plan from a caller without transport:read', async () => {
    const result = await execute(db, FORECAST, { from: dayStart, hours: 24, capacity: 60 }, VIEWER);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(result.data!.station.arrivalsForecast.staffingPlan).toBeNull();
  });

  it('answers aggregates to any signed-in caller and nothing to an anonymous one', async () => {
    const result = await execute(
      db,
      FORECAST,
      { from: dayStart, hours: 24, capacity: 60 },
      ANONYMOUS,
    );
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
