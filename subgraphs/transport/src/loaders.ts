import { groupLoader, loaderByArguments, once, rowLoader } from '@cityhub/kit';
import { KEY_REGIONS } from '@cityhub/synthetic-city';
import type { CheckpointStore } from './repositories/checkpoint-store.js';
import type { DbCheckpointHourRow, DbTrainArrivalRow } from './repositories/rows.js';
import type { StationStore } from './repositories/station-store.js';
import { hourAt } from './time.js';

/** A place (station or checkpoint) and a window of whole hours. */
export interface PlaceHoursKey {
  code: string;
  fromHour: number;
  hours: number;
}

/** A place and a window of instants (ISO strings, so that the key compares by value). */
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
    allStations: once(() => stations.allStations()),
    allCheckpoints: once(() => checkpoints.allCheckpoints()),
    stationByCode: rowLoader(
      (codes: readonly string[]) => stations.stationsByCodes(codes),
      (row) => row.code,
    ),
    checkpointByCode: rowLoader(
      (codes: readonly string[]) => checkpoints.checkpointsByCodes(codes),
      (row) => row.code,
    ),
    stationArrivalsOfPerson: groupLoader(
      (ids: readonly string[]) => stations.passengerArrivalsOfPeople(ids, TRIPS_PER_PERSON),
      (row) => row.personId,
    ),
    passagesOfPerson: groupLoader(
      (ids: readonly string[]) => checkpoints.passagesOfPeople(ids, TRIPS_PER_PERSON),
      (row) => row.checkedPersonId,
    ),
    /** Tickets per hour index. */
    stationHourly: byHours(
      byWindow(
        (codes, from, to) => stations.hourlyArrivals(codes, from, to),
        (row) => row.stationCode,
        (rows) => new Map(rows.map((row) => [row.index, row.arrivals])),
      ),
    ),
    /** Tickets per China Standard Time day index. */
    stationDaily: byWindow(
      (codes, from, to) => stations.dailyArrivals(codes, from, to),
      (row) => row.stationCode,
      (rows) => new Map(rows.map((row) => [row.index, row.arrivals])),
    ),
    stationOrigins: byWindow(
      (codes, from, to) => stations.arrivalsByOrigin(codes, from, to),
      (row) => row.stationCode,
      (rows) => rows,
    ),
    stationTrains: byWindow<DbTrainArrivalRow[], DbTrainArrivalRow>(
      (codes, from, to) => stations.trainArrivals(codes, from, to),
      (row) => row.stationCode,
      (rows) => rows,
    ),
    checkpointHourly: byHours(
      byWindow<Map<number, DbCheckpointHourRow>, DbCheckpointHourRow>(
        (codes, from, to) => checkpoints.hourlyCounts(codes, from, to, KEY_REGION_PREFIXES),
        (row) => row.checkpointCode,
        (rows) => new Map(rows.map((row) => [row.hourIndex, row])),
      ),
    ),
    peopleChecked: byWindow(
      (codes, from, to) => checkpoints.peopleChecked(codes, from, to),
      (row) => row.checkpointCode,
      (rows) => rows.reduce((sum, row) => sum + row.people, 0),
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
  return loaderByArguments(
    'code',
    (codes, window: PlaceWindowKey) => fetch(codes, new Date(window.from), new Date(window.to)),
    placeOf,
    fold,
  );
}

/** A window loader asked for a range of whole hours, keyed by hour indexes. */
function byHours<V>(inner: { load: (key: PlaceWindowKey) => Promise<V> }) {
  return {
    load: (key: PlaceHoursKey) =>
      inner.load({
        code: key.code,
        from: hourAt(key.fromHour).toISOString(),
        to: hourAt(key.fromHour + key.hours).toISOString(),
      }),
  };
}
