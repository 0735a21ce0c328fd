import type { LazyConnectionParent } from '@cityhub/kit';

/**
 * Row types at the repository boundary: camelCase records as the stores select them (columns under
 * camelCase aliases), and what resolvers receive as parents.
 */
export interface DbStationRow {
  code: string;
  name: string;
  kind: 'RAIL' | 'COACH' | 'METRO_HUB';
  streetCode: string;
  latitude: number;
  longitude: number;
}

export interface DbTrainArrivalRow {
  id: number;
  stationCode: string;
  trainNumber: string;
  serviceDate: string;
  originCode: string;
  scheduledAt: Date;
  actualAt: Date | null;
  arrivesAt: Date;
  ticketedPassengers: number;
}

/** A ticketing record that passed every rule: the train as it is stored, and its passengers. */
export interface NewTrainArrival extends Pick<
  DbTrainArrivalRow,
  | 'stationCode'
  | 'trainNumber'
  | 'serviceDate'
  | 'originCode'
  | 'scheduledAt'
  | 'actualAt'
  | 'ticketedPassengers'
> {
  /** Its place in the batch. */
  index: number;
  passengers: Array<{ idNumber: string; originCode: string }>;
}

/** A passenger with the train fields a PassengerArrival shows. */
export interface DbPassengerArrivalRow {
  id: number;
  personId: string;
  originCode: string;
  stationCode: string;
  trainNumber: string;
  arrivesAt: Date;
}

export interface DbCheckpointRow {
  code: string;
  name: string;
  road: string;
  streetCode: string;
  latitude: number;
  longitude: number;
}

export interface DbCheckpointPassageRow {
  id: number;
  checkpointCode: string;
  passedAt: Date;
  direction: 'INBOUND' | 'OUTBOUND';
  plate: string;
  vehicleKind: 'CAR' | 'BUS' | 'TRUCK';
  originCode: string;
  occupants: number;
  personIds: string[];
}

export interface DbCheckpointHourRow {
  checkpointCode: string;
  hourIndex: number;
  inboundVehicles: number;
  outboundVehicles: number;
  inboundPeople: number;
  keyRegionVehicles: number;
}

/** Tickets sold to a station in one hour (or day) index. */
export interface DbStationCountRow {
  stationCode: string;
  index: number;
  arrivals: number;
}

export interface DbOriginCountRow {
  stationCode: string;
  originCode: string;
  arrivals: number;
}

export interface DbStationStaffingRow {
  code: string;
  streetCode: string;
  rosteredCheckers: number;
  passengersPerCheckerHour: number;
}

export interface DbStaffingAlertRow {
  stationCode: string;
  hour: Date;
  needed: number;
  rostered: number;
  eventId: string;
}

/** Hours of a flow query: whole hours from `fromHour` (an hour index), `hours` of them. */
export interface HourRange {
  fromHour: number;
  hours: number;
}

export interface ForecastParent extends HourRange {
  stationCode: string;
}

export interface DayPeaksParent {
  stationCode: string;
  date: string;
  top: number;
  /** The day's arrivals and its busiest hours' together: the parts of `peakShare`. */
  totalArrivals: number;
  peakArrivals: number;
}

export interface PersonParent {
  id: string;
}

export interface StreetParent {
  code: string;
}

export interface PassengerFilter {
  from: Date;
  to: Date;
  /** Null: every station. */
  stationCodes: string[] | null;
  keyRegionsOnly: boolean;
}

export interface PassageFilter {
  checkpointCode: string;
  from: Date;
  to: Date;
}

export type PassengerConnectionParent = LazyConnectionParent<DbPassengerArrivalRow>;
export type PassageConnectionParent = LazyConnectionParent<DbCheckpointPassageRow>;
