import {
  InputProblems,
  lazyConnection,
  pageWithCursor,
  requireStreet,
  type Caller,
  type PageArgs,
} from '@cityhub/kit';
import { KEY_REGION_PREFIXES, type TransportLoaders } from '../loaders.js';
import type { CheckpointStore } from '../repositories/checkpoint-store.js';
import type {
  DbCheckpointPassageRow,
  DbCheckpointRow,
  DbPassengerArrivalRow,
  PassageConnectionParent,
  PassengerConnectionParent,
} from '../repositories/rows.js';
import type { StationStore } from '../repositories/station-store.js';
import { hourlyWindow, type InstantWindow } from './flow-windows.js';
import { placesVisibleTo, tripsVisibleTo } from './street-rule.js';

/** A keyset cursor of the trip lists: "ISO instant|id". */
const INSTANT_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|\d+$/;

function instantKey(instant: Date, id: number): string {
  return `${instant.toISOString()}|${id}`;
}

export const passengerKey = (row: DbPassengerArrivalRow) => instantKey(row.arrivesAt, row.id);
export const passageKey = (row: DbCheckpointPassageRow) => instantKey(row.passedAt, row.id);

export interface TripManagerDeps {
  caller: Caller;
  stations: StationStore;
  checkpoints: CheckpointStore;
  loaders: TransportLoaders;
}

export interface PassengerArrivalArgs extends PageArgs {
  from: Date;
  to: Date;
  stationCode?: string | null;
  stationKind?: string | null;
  keyRegionsOnly?: boolean | null;
}

/** Named trips (train passengers, vehicles through checkpoints), limited by the street row rule. */
export class TripManager {
  constructor(private readonly deps: TripManagerDeps) {}

  async passengerArrivals(args: PassengerArrivalArgs): Promise<PassengerConnectionParent> {
    const { caller, loaders, stations } = this.deps;
    const { window, page } = windowAndPage(args);
    const stationCode = args.stationCode?.trim().toUpperCase() ?? null;
    const stationKind = args.stationKind ?? null;
    // Only a street-limited caller, a named station or a kind needs the station list; otherwise every station counts.
    const stationCodes =
      caller.streets === null && !stationCode && !stationKind
        ? null
        : placesVisibleTo(caller, await loaders.allStations(), stationCode, stationKind);
    const filter = { ...window, stationCodes, keyRegionsOnly: args.keyRegionsOnly ?? false };
    return lazyConnection(
      page,
      ({ limit, afterKey }) =>
        stations.passengerPage(filter, KEY_REGION_PREFIXES, limit + 1, afterKey),
      () => stations.passengerCount(filter, KEY_REGION_PREFIXES),
    );
  }

  passages(
    checkpoint: DbCheckpointRow,
    args: PageArgs & { from: Date; to: Date },
  ): PassageConnectionParent {
    requireStreet(this.deps.caller, checkpoint.streetCode);
    const { window, page } = windowAndPage(args);
    const filter = { checkpointCode: checkpoint.code, ...window };
    const { checkpoints } = this.deps;
    return lazyConnection(
      page,
      ({ limit, afterKey }) => checkpoints.passagePage(filter, limit + 1, afterKey),
      () => checkpoints.passageCount(filter),
    );
  }

  /** A person's own trips, through the stations and checkpoints on the caller's streets only. */
  stationArrivalsOf(personId: string): Promise<DbPassengerArrivalRow[]> {
    const { caller, loaders } = this.deps;
    const trips = loaders.stationArrivalsOfPerson.load(personId);
    return tripsVisibleTo(caller, trips, (trip) => trip.stationCode, loaders.allStations);
  }

  checkpointPassagesOf(personId: string): Promise<DbCheckpointPassageRow[]> {
    const { caller, loaders } = this.deps;
    const trips = loaders.passagesOfPerson.load(personId);
    return tripsVisibleTo(caller, trips, (trip) => trip.checkpointCode, loaders.allCheckpoints);
  }
}

/** The window and the page of a trip list, every problem of both reported at once. */
function windowAndPage(args: PageArgs & { from: Date; to: Date }) {
  const problems = new InputProblems();
  const window = problems.check(null, () => hourlyWindow(args.from, args.to));
  const page = problems.check(null, () => pageWithCursor(args, INSTANT_CURSOR));
  problems.throwIfAny();
  return { window: window as InstantWindow, page: page! };
}
