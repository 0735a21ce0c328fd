import {
  BadUserInputError,
  eventIdFor,
  hubEvent,
  personIdFor,
  type Caller,
  type Database,
  type Logger,
} from '@cityhub/kit';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { transportOutbox } from '../events.js';
import type { TransportLoaders } from '../loaders.js';
import type { FeedStore, StoredFeed } from '../repositories/feed-store.js';
import type { DbStaffingAlertRow, NewTrainArrival } from '../repositories/rows.js';
import type { StaffingStore } from '../repositories/staffing-store.js';
import { chinaDateOf, chinaDayStart, DAY_MS, HOUR_MS, hourIndexOf } from '../time.js';
import {
  MAX_FEED_RECORDS,
  validateTicketingRecords,
  type RejectedRecord,
  type TicketingRecord,
} from './feed-validation.js';
import { hourlySeries, staffingPlan } from './hourly-flow.js';

export interface FeedIngestionDeps {
  db: Database;
  feed: FeedStore;
  staffing: StaffingStore;
  loaders: TransportLoaders;
  caller: Caller;
  personIdKey: string;
  logger: Logger;
}

/**
 * Stores a checked ticketing batch and, in the same transaction, announces what it changed: a
 * batch with rejected records, and station hours whose forecast now needs more checkers than
 * the roster plans (once per station and hour).
 */
export class FeedIngestion {
  constructor(private readonly deps: FeedIngestionDeps) {}

  /**
   * A ticketing batch: each record is checked on its own; the valid ones are stored and the
   * rejected ones answered with every reason, so that one bad train does not hold back the rest.
   */
  async ingestTicketingFeed(records: readonly TicketingRecord[], now: Date) {
    if (records.length > MAX_FEED_RECORDS)
      throw new BadUserInputError(
        'records',
        `a batch may hold at most ${MAX_FEED_RECORDS} trains`,
        {
          maximum: MAX_FEED_RECORDS,
        },
      );
    const stationKinds = new Map(
      (await this.deps.loaders.allStations()).map((station) => [station.code, station.kind]),
    );
    const { valid, rejected } = validateTicketingRecords(records, stationKinds, now);
    const named = records
      .map((record) => record.stationCode.trim().toUpperCase())
      .filter((code) => stationKinds.has(code));
    const { staffingAlerts, ...stored } = await this.ingest(valid, rejected, named, now);
    this.deps.logger.info(
      { caller: this.deps.caller.id, ...stored, rejected: rejected.length, staffingAlerts },
      'ticketing feed ingested',
    );
    return { ...stored, rejected };
  }

  async ingest(
    valid: readonly NewTrainArrival[],
    rejected: readonly RejectedRecord[],
    namedStations: readonly string[],
    now: Date,
  ): Promise<StoredFeed & { staffingAlerts: number }> {
    const { db, feed, personIdKey } = this.deps;
    return db.transaction(async (trx) => {
      // ID numbers stop here: the tables keep only the hub's pseudonymous person id.
      const stored = await feed
        .in(trx)
        .storeTrains(valid, (idNumber) => personIdFor(idNumber, personIdKey));
      const events = [];
      if (rejected.length)
        events.push(
          hubEvent(
            'transport.feed_batch_rejected',
            {},
            {
              feed: 'ticketing',
              batchId: randomUUID(),
              accepted: stored.accepted,
              rejected: rejected.length,
              stationCodes: [...new Set(namedStations)].sort(),
            },
          ),
        );
      const alerts = await this.staffingAlerts(trx, valid, now);
      events.push(
        ...alerts.map(({ alert, streetCode }) =>
          hubEvent(
            'transport.peak_above_staffing',
            { streetCode },
            {
              stationCode: alert.stationCode,
              date: chinaDateOf(alert.hour),
              hour: (hourIndexOf(alert.hour) + 8) % 24,
              needed: alert.needed,
              rostered: alert.rostered,
            },
            new Date(),
            staffingKey(alert),
          ),
        ),
      );
      await transportOutbox.add(trx, ...events);
      return { ...stored, staffingAlerts: alerts.length };
    });
  }

  /**
   * The 24-hour forecast of each city day the batch's trains arrive on, from the current hour on,
   * against the station's roster: hours needing more checkers than rostered, not announced before.
   */
  private async staffingAlerts(
    trx: Knex.Transaction,
    valid: readonly NewTrainArrival[],
    now: Date,
  ) {
    const staffing = this.deps.staffing.in(trx);
    const days = new Map<string, Set<string>>();
    for (const record of valid) {
      const date = chinaDateOf(record.actualAt ?? record.scheduledAt);
      days.set(record.stationCode, (days.get(record.stationCode) ?? new Set()).add(date));
    }
    if (days.size === 0) return [];
    const rosters = await staffing.rostersOf([...days.keys()]);
    if (rosters.length === 0) return [];
    const currentHour = hourIndexOf(now);
    const found: Array<{ alert: DbStaffingAlertRow; streetCode: string }> = [];
    for (const roster of rosters) {
      for (const date of days.get(roster.code)!) {
        const dayStart = chinaDayStart(date);
        if (dayStart.getTime() + DAY_MS <= currentHour * HOUR_MS) continue;
        const counts = await staffing.hourlyArrivals(
          [roster.code],
          dayStart,
          new Date(dayStart.getTime() + DAY_MS),
        );
        const plan = staffingPlan(
          hourlySeries(dayStart, 24, new Map(counts.map((row) => [row.index, row.arrivals]))),
          roster.passengersPerCheckerHour,
        );
        for (const hour of plan.hours) {
          if (hourIndexOf(hour.hour) < currentHour) continue;
          if (hour.checkers <= roster.rosteredCheckers) continue;
          found.push({
            streetCode: roster.streetCode,
            alert: {
              stationCode: roster.code,
              hour: hour.hour,
              needed: hour.checkers,
              rostered: roster.rosteredCheckers,
              eventId: '',
            },
          });
        }
      }
    }
    const raised = await staffing.raiseAlerts(
      found.map(({ alert }) => ({
        ...alert,
        eventId: eventIdFor('transport.peak_above_staffing', staffingKey(alert)),
      })),
    );
    const streetOf = new Map(rosters.map((roster) => [roster.code, roster.streetCode]));
    return raised.map((alert) => ({ alert, streetCode: streetOf.get(alert.stationCode)! }));
  }
}

/** One announcement per station and hour: the event's id is derived from them. */
function staffingKey(alert: Pick<DbStaffingAlertRow, 'stationCode' | 'hour'>): string {
  return `${alert.stationCode}|${new Date(alert.hour).toISOString()}`;
}
