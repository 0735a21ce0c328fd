import { inWindow, recordOf, recordsOf, rowCount, Store, type Snaked } from '@cityhub/kit';
import type { Knex } from 'knex';
import type {
  DbOriginCountRow,
  DbPassengerArrivalRow,
  DbStationCountRow,
  DbStationRow,
  DbTrainArrivalRow,
  PassengerFilter,
} from './rows.js';

const STATION_COLUMNS = ['code', 'name', 'kind', 'street_code', 'latitude', 'longitude'];
export const TRAIN_COLUMNS = [
  'id',
  'station_code',
  'train_number',
  'service_date',
  'origin_code',
  'scheduled_at',
  'actual_at',
  'arrives_at',
  'ticketed_passengers',
];
const PASSENGER_ARRIVAL_COLUMNS = [
  'p.id',
  'p.person_id',
  'p.origin_code',
  't.station_code',
  't.train_number',
  't.arrives_at',
];
// Whole-hour and whole-day (China Standard Time) indexes since the epoch.
const HOUR_INDEX = 'floor(extract(epoch FROM arrives_at) / 3600)::bigint';
const DAY_INDEX = 'floor((extract(epoch FROM arrives_at) + 28800) / 86400)::int';

/**
 * Tickets per station and hour in [from, to), for many stations in one statement; also read inside
 * the feed's transaction, so it takes the connection or transaction to run on.
 */
export function hourlyArrivals(
  db: Knex | Knex.Transaction,
  stationCodes: readonly string[],
  from: Date,
  to: Date,
  label = 'transport.hourlyArrivals',
): Promise<DbStationCountRow[]> {
  return ticketsPer(db, HOUR_INDEX, stationCodes, from, to, label);
}

function ticketsPer(
  db: Knex | Knex.Transaction,
  bucket: string,
  stationCodes: readonly string[],
  from: Date,
  to: Date,
  label: string,
): Promise<DbStationCountRow[]> {
  return db('train_arrivals')
    .comment(label)
    .select({ stationCode: 'station_code' }, db.raw(`${bucket} AS "index"`))
    .sum({ arrivals: 'ticketed_passengers' })
    .whereIn('station_code', stationCodes)
    .modify(inWindow('arrives_at', from, to))
    .groupBy('station_code', 'index');
}

/**
 * Stations, their trains and passengers. Counts are of tickets sold to the station (one row per
 * train), bucketed by whole-hour and whole-day indexes so that no time zone setting moves them.
 */
export class StationStore extends Store {
  allStations(): Promise<DbStationRow[]> {
    return recordsOf<DbStationRow>(
      this.db('stations').comment('transport.allStations').select(STATION_COLUMNS).orderBy('code'),
    );
  }

  stationsByCodes(codes: readonly string[]): Promise<DbStationRow[]> {
    return recordsOf<DbStationRow>(
      this.db('stations')
        .comment('transport.stationsByCodes')
        .select(STATION_COLUMNS)
        .whereIn('code', codes),
    );
  }

  hourlyArrivals(stationCodes: readonly string[], from: Date, to: Date) {
    return hourlyArrivals(this.db, stationCodes, from, to);
  }

  /** Tickets per station and China Standard Time day in [from, to). */
  dailyArrivals(stationCodes: readonly string[], from: Date, to: Date) {
    return ticketsPer(this.db, DAY_INDEX, stationCodes, from, to, 'transport.dailyArrivals');
  }

  /** Listed passengers per station and boarding region in [from, to). */
  arrivalsByOrigin(
    stationCodes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<DbOriginCountRow[]> {
    return this.db('passengers as p')
      .comment('transport.arrivalsByOrigin')
      .join('train_arrivals as t', 't.id', 'p.train_arrival_id')
      .select(
        { stationCode: 't.station_code', originCode: 'p.origin_code' },
        this.db.raw('count(*) AS arrivals'),
      )
      .whereIn('t.station_code', stationCodes)
      .modify(inWindow('t.arrives_at', from, to))
      .groupBy('t.station_code', 'p.origin_code')
      .orderBy([{ column: 'arrivals', order: 'desc' }, { column: 'p.origin_code' }]);
  }

  trainArrivals(
    stationCodes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<DbTrainArrivalRow[]> {
    return recordsOf<DbTrainArrivalRow>(
      this.db('train_arrivals')
        .comment('transport.trainArrivals')
        .select(TRAIN_COLUMNS)
        .whereIn('station_code', stationCodes)
        .modify(inWindow('arrives_at', from, to))
        .orderBy([{ column: 'arrives_at' }, { column: 'id' }]),
    );
  }

  /** Each person's latest arrivals, newest first, for many people in one statement: a lateral join per person. */
  async passengerArrivalsOfPeople(
    personIds: readonly string[],
    perPerson: number,
  ): Promise<DbPassengerArrivalRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbPassengerArrivalRow>> }>(
      `/* transport.passengerArrivalsOfPeople */
       SELECT a.* FROM unnest(?::text[]) AS x(person_id)
       CROSS JOIN LATERAL (
         SELECT ${PASSENGER_ARRIVAL_COLUMNS.join(', ')}
           FROM passengers p JOIN train_arrivals t ON t.id = p.train_arrival_id
          WHERE p.person_id = x.person_id
          ORDER BY t.arrives_at DESC, p.id DESC LIMIT ?
       ) a`,
      [[...personIds], perPerson],
    );
    return rows.map((row) => recordOf<DbPassengerArrivalRow>(row));
  }

  /** In arrival order; the keyset is (arrives_at, passenger id), encoded as "ISO instant|id". */
  passengerPage(
    filter: PassengerFilter,
    keyRegionPrefixes: readonly string[],
    limit: number,
    afterKey: string | null,
  ): Promise<DbPassengerArrivalRow[]> {
    const query = this.passengers(filter, keyRegionPrefixes)
      .comment('transport.passengerPage')
      .select(PASSENGER_ARRIVAL_COLUMNS);
    if (afterKey) {
      const [instant = '', id = ''] = afterKey.split('|');
      query.whereRaw('(t.arrives_at, p.id) > (?::timestamptz, ?::bigint)', [instant, id]);
    }
    return recordsOf<DbPassengerArrivalRow>(
      query.orderBy([{ column: 't.arrives_at' }, { column: 'p.id' }]).limit(limit),
    );
  }

  passengerCount(filter: PassengerFilter, keyRegionPrefixes: readonly string[]): Promise<number> {
    return rowCount(this.passengers(filter, keyRegionPrefixes), 'transport.passengerCount');
  }

  private passengers(filter: PassengerFilter, keyRegionPrefixes: readonly string[]) {
    const query = this.db('passengers as p')
      .join('train_arrivals as t', 't.id', 'p.train_arrival_id')
      .modify(inWindow('t.arrives_at', filter.from, filter.to));
    if (filter.stationCodes) query.whereIn('t.station_code', filter.stationCodes);
    if (filter.keyRegionsOnly)
      query.whereRaw('p.origin_code LIKE ANY(?)', [
        keyRegionPrefixes.map((prefix) => `${prefix}%`),
      ]);
    return query;
  }
}
