import { makeResidentId } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import { validateTicketingRecords, type TicketingRecord } from '../src/managers/feed-validation.js';

const stations = new Map([
  ['SNH', 'RAIL'],
  ['XJH', 'METRO_HUB'],
]);
const now = new Date('2020-02-10T12:00:00+08:00');
const passenger = (i: number) => ({ idNumber: makeResidentId('420106', '1985-03-02', i) });
const record = (overrides: Partial<TicketingRecord> = {}): TicketingRecord => ({
  stationCode: 'SNH',
  trainNumber: 'K1234',
  serviceDate: '2020-02-10',
  originCode: '420106',
  scheduledArrival: '2020-02-10T09:20:00+08:00',
  actualArrival: '2020-02-10T09:26:00+08:00',
  ticketedPassengers: 3,
  passengers: [passenger(1), passenger(2)],
  ...overrides,
});

describe('ticketing record validation', () => {
  it('keeps a good record, normalised, with boarding codes defaulting to the train origin', () => {
    const { valid, rejected } = validateTicketingRecords(
      [
        record({
          stationCode: 'snh',
          trainNumber: 'k1234',
          passengers: [passenger(1), { ...passenger(2), boardingCode: '340102' }],
        }),
      ],
      stations,
      now,
    );
    expect(rejected).toEqual([]);
    expect(valid[0]).toMatchObject({
      index: 0,
      stationCode: 'SNH',
      trainNumber: 'K1234',
      ticketedPassengers: 3,
    });
    expect(valid[0]!.passengers.map((p) => p.originCode)).toEqual(['420106', '340102']);
  });

  it('rejects each bad record with its reasons and keeps the rest', () => {
    const badId =
      passenger(3).idNumber.slice(0, 17) + (passenger(3).idNumber.endsWith('0') ? '1' : '0');
    const records = [
      record({ trainNumber: 'G1' }),
      record({ trainNumber: 'G2', stationCode: 'XXX' }),
      record({ trainNumber: 'G3', scheduledArrival: '2020-02-08T09:00:00+08:00' }),
      record({ trainNumber: 'G4', passengers: [passenger(1), { idNumber: badId }] }),
      record({
        trainNumber: 'G5',
        actualArrival: '2020-02-10T14:00:00+08:00',
        scheduledArrival: '2020-02-10T13:00:00+08:00',
      }),
      record({ trainNumber: 'G6', serviceDate: '2020-02-30' }),
      record({ trainNumber: 'G7', ticketedPassengers: 1 }),
      record({ trainNumber: 'G8', stationCode: 'XJH' }),
      record({ trainNumber: 'G1' }),
      record({ trainNumber: 'G9', scheduledArrival: 'tomorrow morning' }),
      record({ trainNumber: 'G10', actualArrival: '2020-02-10T07:00:00+08:00' }),
      record({ trainNumber: 'G11', passengers: [passenger(1), passenger(1)] }),
    ];
    const { valid, rejected } = validateTicketingRecords(records, stations, now);
    expect(valid.map((r) => r.trainNumber)).toEqual(['G1']);
    const reasons = Object.fromEntries(rejected.map((r) => [r.index, r.reasons.join('; ')]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(reasons[1]).toMatch(/unknown station XXX/);
    expect(reasons[2]).toMatch(/scheduled arrival is impossible/);
    expect(reasons[3]).toMatch(/passenger 1: ID number has a wrong check character/);
    expect(reasons[4]).toMatch(/actual arrival lies in the future/);
    expect(reasons[5]).toMatch(/service date is not a real calendar date/);
    expect(reasons[6]).toMatch(/fewer than the passengers listed/);
    expect(reasons[7]).toMatch(/metro hub/);
    expect(reasons[8]).toMatch(/record 0 of this batch/);
    expect(reasons[9]).toMatch(/ISO 8601/);
    expect(reasons[10]).toMatch(/more than an hour before/);
    expect(reasons[11]).toMatch(/listed twice/);
  });

  it('gives every reason of a record, not only the first', () => {
    const { rejected } = validateTicketingRecords(
      [record({ stationCode: 'XXX', originCode: '42', ticketedPassengers: -1 })],
      stations,
      now,
    );
    expect(rejected[0]!.reasons).toHaveLength(3);
  });
});
