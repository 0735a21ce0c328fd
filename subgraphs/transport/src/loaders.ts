import DataLoader from 'dataloader';
import { groupBy, groupLoader, objectKeyedLoader, pushTo, rowLoader } from '@cityhub/kit';
import { KEY_REGIONS } from '@cityhub/synthetic-city';
import type { CheckpointStore } from './repositories/checkpoint-store.js';
import type {
  DbCheckpointHourRow,
  DbCheckpointRow,
  DbStationRow,
  DbTrainArrivalRow,
} from './repositories/rows.js';
import type { StationStore } from './repositories/station-store.js';
import { hourAt } from './domain/time.js';

/** A place (station or checkpoint) and a window of whole hours. */
export interface PlaceHoursKey {
  code: string;
  fromHour: number;
  hours: number;
}

export interface PlaceWindowKey {
  code: string;
  from: string;
  to: string;
}

/** How many of a person's own trips a Person field lists. */
export const TRIPS_PER_PERSON = 100;

export const KEY_REGION_PREFIXES = KEY_REGIONS.map(({ prefix }) => prefix);

/** Per-request loaders: each batch is one statement per distinct window, whatever the number of places. */
export function createTransportLoaders(stations: StationStore, checkpoints: CheckpointStore) {
  return {
    stationByCode: rowLoader(
      (codes: readonly string[]) => stations.stationsByCodes(codes),
      (row) => row.code,
    ),
    allStations: new DataLoader<'all', DbStationRow[]>(async (keys) => {
      const rows = await stations.allStations();
      return keys.map(() => rows);
    }),
    checkpointByCode: rowLoader(
      (codes: readonly string[]) => checkpoints.checkpointsByCodes(codes),
      (row) => row.code,
    ),
    allCheckpoints: new DataLoader<'all', DbCheckpointRow[]>(async (keys) => {
      const rows = await checkpoints.allCheckpoints();
      return keys.map(() => rows);
    }),
    stationArrivalsOfPerson: groupLoader(
      (ids: readonly string[]) => stations.passengerArrivalsOfPeople(ids, TRIPS_PER_PERSON),
      (row) => row.person_id,
    ),
    passagesOfPerson: groupLoader(
      (ids: readonly string[]) => checkpoints.passagesOfPeople(ids, TRIPS_PER_PERSON),
      (row) => row.checked_person_id,
    ),
    /** Tickets per hour index. */
    stationHourly: byHoursWindow<
      Map<number, number>,
      { station_code: string; hour_index: number; arrivals: number }
    >(
      (codes, from, to) => stations.hourlyArrivals(codes, from, to),
      (row) => row.station_code,
      (rows) => new Map(rows.map((row) => [Number(row.hour_index), Number(row.arrivals)])),
    ),
    /** Tickets per China Standard Time day index. */
    stationDaily: byWindow<
      Map<number, number>,
      { station_code: string; day_index: number; arrivals: number }
    >(
      (codes, from, to) => stations.dailyArrivals(codes, from, to),
      (row) => row.station_code,
      (rows) => new Map(rows.map((row) => [Number(row.day_index), Number(row.arrivals)])),
    ),
    stationOrigins: byWindow(
      (codes, from, to) => stations.arrivalsByOrigin(codes, from, to),
      (row) => row.station_code,
      (rows) => rows,
    ),
    stationTrains: byWindow<DbTrainArrivalRow[], DbTrainArrivalRow>(
      (codes, from, to) => stations.trainArrivals(codes, from, to),
      (row) => row.station_code,
      (rows) => rows,
    ),
    checkpointHourly: byHoursWindow<Map<number, DbCheckpointHourRow>, DbCheckpointHourRow>(
      (codes, from, to) => checkpoints.hourlyCounts(codes, from, to, KEY_REGION_PREFIXES),
      (row) => row.checkpoint_code,
      (rows) => new Map(rows.map((row) => [Number(row.hour_index), row])),
    ),
    peopleChecked: byWindow(
      (codes, from, to) => checkpoints.peopleChecked(codes, from, to),
      (row) => row.checkpoint_code,
      (rows) => rows.reduce((sum, row) => sum + Number(row.people), 0),
    ),
  };
}

export type TransportLoaders = ReturnType<typeof createTransportLoaders>;

/** Places asked for over the same window share one statement; each place gets its rows folded. */
function byWindow<V, R>(
  fetch: (codes: string[], from: Date, to: Date) => Promise<R[]>,
  placeOf: (row: R) => string,
  fold: (rows: R[]) => V,
) {
  return objectKeyedLoader<PlaceWindowKey, V>(async (keys) => {
    const rowsByKey = new Map<string, R[]>();
    for (const [window, group] of groupBy(keys, (key) => `${key.from}|${key.to}`)) {
      const rows = await fetch(
        [...new Set(group.map((key) => key.code))],
        new Date(group[0]!.from),
        new Date(group[0]!.to),
      );
      for (const row of rows) pushTo(rowsByKey, `${window}|${placeOf(row)}`, row);
    }
    return keys.map((key) => fold(rowsByKey.get(`${key.from}|${key.to}|${key.code}`) ?? []));
  });
}

/** byWindow for a range of whole hours, keyed by hour indexes. */
function byHoursWindow<V, R>(
  fetch: (codes: string[], from: Date, to: Date) => Promise<R[]>,
  placeOf: (row: R) => string,
  fold: (rows: R[]) => V,
) {
  const inner = byWindow(fetch, placeOf, fold);
  return {
    load: (key: PlaceHoursKey) =>
      inner.load({
        code: key.code,
        from: hourAt(key.fromHour).toISOString(),
        to: hourAt(key.fromHour + key.hours).toISOString(),
      }),
  };
}
