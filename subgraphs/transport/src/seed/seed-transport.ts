import type pg from 'pg';
import { columnsOf, copyRows, personIdFor, type CopyValue, type Database } from '@cityhub/kit';
import { PASSAGE_COLUMN_NAMES } from '../repositories/checkpoint-store.js';
import {
  addDays,
  runChunkedSeed,
  type SeedOptions,
  type SeedOutcome,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import { CHECKPOINTS, SHANGHAI_SOUTH, STATIONS } from './places.js';
import { passagesFor, trainsFor, type ResidentArrival } from './generate-traffic.js';

/** The February the issue describes, always present, and the four weeks up to two days after "today". */
const FEBRUARY_2020 = Array.from({ length: 29 }, (_, i) => addDays('2020-02-01', i));
const DAYS_BEFORE_TODAY = 27;
const DAYS_AFTER_TODAY = 2;
/** Station volumes are the station's own, whatever the preset; the test preset keeps a sliver. */
const SCALE: Record<string, number> = { test: 0.03 };
// Not every resident's rail arrival is through Shanghai South, nor every road arrival through a watched entrance.
const RAIL_ARRIVALS_THROUGH_SHANGHAI_SOUTH = 3;
const ROAD_ARRIVALS_THROUGH_CHECKPOINTS = 2;

export function seedDays(referenceDate: string): string[] {
  const recent = Array.from({ length: DAYS_BEFORE_TODAY + DAYS_AFTER_TODAY + 1 }, (_, i) =>
    addDays(referenceDate, i - DAYS_BEFORE_TODAY),
  );
  return [...new Set([...FEBRUARY_2020, ...recent])].sort();
}

export function scaleOf(city: SyntheticCity): number {
  return SCALE[city.preset.name] ?? 1;
}

/**
 * Seeds stations, checkpoints and their traffic one day at a time (a day is a chunk in the common
 * resumable frame, `runChunkedSeed`).
 */
export function seedTransport(options: SeedOptions): Promise<SeedOutcome> {
  return runChunkedSeed(options, {
    schema: 'transport',
    unit: 'days',
    step: 'station and checkpoint days',
    chunkSize: 1,
    plan: (source) => {
      const days = seedDays(source.referenceDate);
      const residentArrivals = residentArrivalsByDay(source);
      return {
        total: days.length,
        begin: () => seedPlaces(options.db),
        write: (client, start) =>
          copyDay(client, source, options.personIdKey, days[start]!, residentArrivals),
      };
    },
    analyze: ['train_arrivals', 'passengers', 'checkpoint_passages'],
  });
}

async function seedPlaces(db: Database): Promise<void> {
  await db('stations').insert(STATIONS.map(columnsOf)).onConflict('code').ignore();
  await db('checkpoints').insert(CHECKPOINTS.map(columnsOf)).onConflict('code').ignore();
}

/** The residents' own arrivals that the population generator made, by channel and day. */
function residentArrivalsByDay(city: SyntheticCity): {
  rail: Map<string, ResidentArrival[]>;
  road: Map<string, ResidentArrival[]>;
} {
  const rail = new Map<string, ResidentArrival[]>();
  const road = new Map<string, ResidentArrival[]>();
  for (let index = 0; index < city.residentCount; index++) {
    const person = city.person(index);
    const arrival = person.arrival;
    if (!arrival) continue;
    const entry = { idNumber: person.idNumber, fromCode: arrival.fromCode };
    if (arrival.channel === 'RAIL' && index % RAIL_ARRIVALS_THROUGH_SHANGHAI_SOUTH === 0)
      push(rail, arrival.arrivedOn, entry);
    if (arrival.channel === 'ROAD' && index % ROAD_ARRIVALS_THROUGH_CHECKPOINTS === 0)
      push(road, arrival.arrivedOn, entry);
  }
  return { rail, road };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/** One day of every station and checkpoint, on the connection of the day's transaction. */
async function copyDay(
  connection: pg.PoolClient,
  city: SyntheticCity,
  personIdKey: string,
  date: string,
  residentArrivals: ReturnType<typeof residentArrivalsByDay>,
): Promise<number> {
  const scale = scaleOf(city);
  const pastDay = date < city.referenceDate;
  const passengers: CopyValue[][] = [];
  let trainCount = 0;
  for (const station of STATIONS) {
    const trains = trainsFor(
      city,
      station,
      date,
      scale,
      pastDay,
      station.code === SHANGHAI_SOUTH ? residentArrivals.rail.get(date) : [],
    );
    if (trains.length === 0) continue;
    const values = trains.map((t) => [
      station.code,
      t.trainNumber,
      date,
      t.originCode,
      t.scheduledAt.toISOString(),
      t.actualAt?.toISOString() ?? null,
      t.passengers.length,
    ]);
    const placeholders = values
      .map((_, i) => `(${Array.from({ length: 7 }, (_, j) => `$${i * 7 + j + 1}`).join(', ')})`)
      .join(', ');
    const { rows: ids } = await connection.query<{ id: string }>(
      `INSERT INTO transport.train_arrivals (station_code, train_number, service_date, origin_code, scheduled_at, actual_at, ticketed_passengers) VALUES ${placeholders} RETURNING id`,
      values.flat(),
    );
    trains.forEach((train, i) => {
      for (const passenger of train.passengers)
        passengers.push([
          ids[i]!.id,
          personIdFor(passenger.idNumber, personIdKey),
          passenger.originCode,
        ]);
    });
    trainCount += trains.length;
  }
  const passages: CopyValue[][] = [];
  const roadArrivals = residentArrivals.road.get(date) ?? [];
  CHECKPOINTS.forEach((checkpoint, i) => {
    // Each resident's road arrival is seen at one checkpoint.
    const own = roadArrivals.filter((_, k) => k % CHECKPOINTS.length === i);
    for (const p of passagesFor(city, checkpoint, date, scale, own)) {
      passages.push([
        checkpoint.code,
        p.passedAt.toISOString(),
        p.direction,
        p.plate,
        p.vehicleKind,
        p.originCode,
        p.occupants,
        arrayLiteral(p.idNumbers.map((id) => personIdFor(id, personIdKey))),
      ]);
    }
  });
  await copyRows(
    connection,
    'transport.passengers',
    ['train_arrival_id', 'person_id', 'origin_code'],
    passengers,
  );
  await copyRows(connection, 'transport.checkpoint_passages', PASSAGE_COLUMN_NAMES, passages);
  return trainCount + passengers.length + passages.length;
}

/** A PostgreSQL text[] literal for COPY; person ids are base64url, so nothing needs quoting. */
function arrayLiteral(values: string[]): string {
  return `{${values.join(',')}}`;
}
