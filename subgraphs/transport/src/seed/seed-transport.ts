import type pg from 'pg';
import { copyRows, personIdFor, type CopyValue, type Database } from '@cityhub/kit';
import {
  SyntheticCity,
  addDays,
  type SeedOptions,
  type SeedOutcome,
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
 * Seeds stations, checkpoints and their traffic one day at a time, each day with its progress
 * mark in one transaction: an interrupted seed resumes at the day it stopped in, and a rerun of a
 * finished one does nothing.
 */
export async function seedTransport({
  db,
  city,
  personIdKey,
  logger,
  onProgress,
}: SeedOptions): Promise<SeedOutcome> {
  const preset = city.preset.name;
  const existing = await db('seed_runs').where({ preset }).first();
  if (existing?.finished_at) return 'already-seeded';
  const days = seedDays(existing?.reference_date ?? city.referenceDate);
  if (!existing) {
    await seedPlaces(db);
    await db('seed_runs').insert({
      preset,
      seed: city.seed,
      reference_date: city.referenceDate,
      days_total: days.length,
      days_done: 0,
    });
  } else {
    logger.info({ preset, daysDone: existing.days_done }, 'resuming the transport seed');
  }
  // A resumed run continues with the seed and date it began with, so its halves match.
  const source =
    existing && (existing.seed !== city.seed || existing.reference_date !== city.referenceDate)
      ? new SyntheticCity(city.preset, existing.seed, existing.reference_date)
      : city;
  const residentArrivals = residentArrivalsByDay(source);
  const started = Date.now();
  let rows = 0;
  for (let done = existing?.days_done ?? 0; done < days.length; done++) {
    rows += await seedDay(db, source, personIdKey, days[done]!, done + 1, residentArrivals);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    onProgress?.({
      step: 'station and checkpoint days',
      done: done + 1,
      total: days.length,
      rowsPerSecond: Math.round(rows / seconds),
    });
  }
  await db('seed_runs').where({ preset }).update({ finished_at: db.fn.now() });
  await db.raw('ANALYZE train_arrivals; ANALYZE passengers; ANALYZE checkpoint_passages');
  return existing ? 'resumed' : 'seeded';
}

async function seedPlaces(db: Database): Promise<void> {
  await db('stations')
    .insert(
      STATIONS.map((s) => ({
        code: s.code,
        name: s.name,
        kind: s.kind,
        street_code: s.streetCode,
        latitude: s.latitude,
        longitude: s.longitude,
      })),
    )
    .onConflict('code')
    .ignore();
  await db('checkpoints')
    .insert(
      CHECKPOINTS.map((c) => ({
        code: c.code,
        name: c.name,
        road: c.road,
        street_code: c.streetCode,
        latitude: c.latitude,
        longitude: c.longitude,
      })),
    )
    .onConflict('code')
    .ignore();
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

/** One day of every station and checkpoint, with its progress mark, in one transaction on one connection. */
async function seedDay(
  db: Database,
  city: SyntheticCity,
  personIdKey: string,
  date: string,
  daysDone: number,
  residentArrivals: ReturnType<typeof residentArrivalsByDay>,
): Promise<number> {
  const scale = scaleOf(city);
  const pastDay = date < city.referenceDate;
  const connection = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    await connection.query('BEGIN');
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
    await copyRows(
      connection,
      'transport.checkpoint_passages',
      [
        'checkpoint_code',
        'passed_at',
        'direction',
        'plate',
        'vehicle_kind',
        'origin_code',
        'occupants',
        'person_ids',
      ],
      passages,
    );
    await connection.query('UPDATE transport.seed_runs SET days_done = $1 WHERE preset = $2', [
      daysDone,
      city.preset.name,
    ]);
    await connection.query('COMMIT');
    return trainCount + passengers.length + passages.length;
  } catch (error) {
    await connection.query('ROLLBACK');
    throw error;
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** A PostgreSQL text[] literal for COPY; person ids are base64url, so nothing needs quoting. */
function arrayLiteral(values: string[]): string {
  return `{${values.join(',')}}`;
}
