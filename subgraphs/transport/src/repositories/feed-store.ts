import { Store } from '@cityhub/kit';
import type { NewTrainArrival } from './rows.js';

// Three parameters a passenger row: well under PostgreSQL's 65,535 per statement.
const PASSENGER_ROWS_PER_INSERT = 10_000;

export interface StoredFeed {
  accepted: number;
  replaced: number;
  passengers: number;
}

/**
 * Writes validated ticketing records inside the ingestion's transaction. A train already sent
 * (same station, train number and service date) is updated in place and its passenger list
 * replaced, so a re-sent feed leaves the same rows as the first.
 */
export class FeedStore extends Store {
  async storeTrains(
    records: readonly NewTrainArrival[],
    personIdOf: (idNumber: string) => string,
  ): Promise<StoredFeed> {
    if (records.length === 0) return { accepted: 0, replaced: 0, passengers: 0 };
    const trains: Array<{
      id: number;
      stationCode: string;
      trainNumber: string;
      serviceDate: string;
      inserted: boolean;
    }> = await this.db('train_arrivals')
      .comment('transport.upsertTrains')
      .insert(
        records.map((record) => ({
          station_code: record.stationCode,
          train_number: record.trainNumber,
          service_date: record.serviceDate,
          origin_code: record.originCode,
          scheduled_at: record.scheduledAt,
          actual_at: record.actualAt,
          ticketed_passengers: record.ticketedPassengers,
        })),
      )
      .onConflict(['station_code', 'train_number', 'service_date'])
      .merge(['origin_code', 'scheduled_at', 'actual_at', 'ticketed_passengers', 'received_at'])
      // xmax is 0 only for a row this statement inserted: how a re-send is told from a first send.
      .returning([
        'id',
        'station_code AS stationCode',
        'train_number AS trainNumber',
        'service_date AS serviceDate',
        this.db.raw('(xmax = 0) AS inserted'),
      ]);
    const trainKey = (
      train: Pick<NewTrainArrival, 'stationCode' | 'trainNumber' | 'serviceDate'>,
    ) => `${train.stationCode}|${train.trainNumber}|${train.serviceDate}`;
    const idOf = new Map(trains.map((train) => [trainKey(train), train.id]));
    const replacedIds = trains.filter((train) => !train.inserted).map((train) => train.id);
    if (replacedIds.length)
      await this.db('passengers')
        .comment('transport.clearReplacedPassengers')
        .whereIn('train_arrival_id', replacedIds)
        .delete();
    const rows = records.flatMap((record) => {
      const trainId = idOf.get(trainKey(record))!;
      return record.passengers.map((passenger) => ({
        train_arrival_id: trainId,
        person_id: personIdOf(passenger.idNumber),
        origin_code: passenger.originCode,
      }));
    });
    for (let i = 0; i < rows.length; i += PASSENGER_ROWS_PER_INSERT) {
      await this.db('passengers')
        .comment('transport.insertPassengers')
        .insert(rows.slice(i, i + PASSENGER_ROWS_PER_INSERT));
    }
    return { accepted: trains.length, replaced: replacedIds.length, passengers: rows.length };
  }
}
