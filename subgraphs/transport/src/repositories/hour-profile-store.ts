import type { Database } from '@cityhub/kit';

/** One hour of the day of a station's month: its arrivals and the month's days (the divisor of the average). */
export interface HourOfDayRow {
  hour: number;
  arrivals: number;
  days: number;
}

export interface HourOfDayProfileParent {
  month: string;
  days: number;
  hours: HourOfDayRow[];
}

/** Arrivals by hour of the day over a month. The only SQL about it. */
export class HourProfileStore {
  constructor(private readonly db: Database) {}

  /** Tickets per station and hour of the day (China Standard Time) in [from, to), for many stations at once. */
  byHourOfDay(
    stationCodes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ station_code: string; hour: number; arrivals: number }>> {
    return this.db('train_arrivals')
      .comment('transport.arrivalsByHourOfDay')
      .select(
        'station_code',
        this.db.raw(`extract(hour FROM arrives_at AT TIME ZONE 'Asia/Shanghai')::int AS hour`),
      )
      .sum({ arrivals: 'ticketed_passengers' })
      .whereIn('station_code', stationCodes)
      .where('arrives_at', '>=', from)
      .where('arrives_at', '<', to)
      .groupBy('station_code', 'hour') as unknown as Promise<
      Array<{ station_code: string; hour: number; arrivals: number }>
    >;
  }
}
