/** Row types at the repository boundary: what PostgreSQL returns, and what resolvers receive as parents. */
export interface DbStationRow {
  code: string;
  name: string;
  kind: 'RAIL' | 'COACH' | 'METRO_HUB';
  street_code: string;
  latitude: number;
  longitude: number;
}

export interface DbTrainArrivalRow {
  id: number;
  station_code: string;
  train_number: string;
  service_date: string;
  origin_code: string;
  scheduled_at: Date;
  actual_at: Date | null;
  arrives_at: Date;
  ticketed_passengers: number;
}

/** A passenger with the train fields a PassengerArrival shows. */
export interface DbPassengerArrivalRow {
  id: number;
  person_id: string;
  origin_code: string;
  station_code: string;
  train_number: string;
  arrives_at: Date;
}

export interface DbCheckpointRow {
  code: string;
  name: string;
  road: string;
  street_code: string;
  latitude: number;
  longitude: number;
}

export interface DbCheckpointPassageRow {
  id: number;
  checkpoint_code: string;
  passed_at: Date;
  direction: 'INBOUND' | 'OUTBOUND';
  plate: string;
  vehicle_kind: 'CAR' | 'BUS' | 'TRUCK';
  origin_code: string;
  occupants: number;
  person_ids: string[];
}

export interface DbCheckpointHourRow {
  checkpoint_code: string;
  hour_index: number;
  inbound_vehicles: number;
  outbound_vehicles: number;
  inbound_people: number;
  key_region_vehicles: number;
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

export interface PassengerConnectionParent {
  filter: PassengerFilter;
  limit: number;
  afterKey: string | null;
  rows: () => Promise<DbPassengerArrivalRow[]>;
}

export interface PassageFilter {
  checkpointCode: string;
  from: Date;
  to: Date;
}

export interface PassageConnectionParent {
  filter: PassageFilter;
  limit: number;
  afterKey: string | null;
  rows: () => Promise<DbCheckpointPassageRow[]>;
}
