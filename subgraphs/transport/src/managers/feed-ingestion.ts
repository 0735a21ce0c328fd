import { eventIdFor, hubEvent, personIdFor, type Database, type Logger } from '@cityhub/kit';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ValidTicketingRecord, RejectedRecord } from '../domain/feed-validation.js';
import { staffingPlan, hourlySeries } from '../domain/flow.js';
import { chinaDateOf, chinaDayStart, hourIndexOf, DAY_MS, HOUR_MS } from '../domain/time.js';
import { transportOutbox } from '../events.js';
import type { FeedStore, StoredFeed } from '../repositories/feed-store.js';
import type { NewStaffingAlert, StaffingStore } from '../repositories/staffing-store.js';

export interface FeedIngestionDeps {
  db: Database;
  feed: FeedStore;
  staffing: StaffingStore;
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

  async ingest(
    valid: readonly ValidTicketingRecord[],
    rejected: readonly RejectedRecord[],
    namedStations: readonly string[],
    now: Date,
  ): Promise<StoredFeed & { staffingAlerts: number }> {
    const { db, feed, personIdKey } = this.deps;
    return db.transaction(async (trx) => {
      // ID numbers stop here: the tables keep only the hub's pseudonymous person id.
      const stored = await feed.storeTrains(trx, valid, (idNumber) =>
        personIdFor(idNumber, personIdKey),
      );
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
              stationCode: alert.station_code,
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
    valid: readonly ValidTicketingRecord[],
    now: Date,
  ) {
    const { staffing } = this.deps;
    const days = new Map<string, Set<string>>();
    for (const record of valid) {
      const date = chinaDateOf(record.actualAt ?? record.scheduledAt);
      days.set(record.stationCode, (days.get(record.stationCode) ?? new Set()).add(date));
    }
    if (days.size === 0) return [];
    const rosters = await staffing.rostersOf(trx, [...days.keys()]);
    if (rosters.length === 0) return [];
    const currentHour = hourIndexOf(now);
    const found: Array<{ alert: NewStaffingAlert; streetCode: string }> = [];
    for (const roster of rosters) {
      for (const date of days.get(roster.code)!) {
        const dayStart = chinaDayStart(date);
        if (dayStart.getTime() + DAY_MS <= currentHour * HOUR_MS) continue;
        const counts = await staffing.hourlyArrivals(
          trx,
          [roster.code],
          dayStart,
          new Date(dayStart.getTime() + DAY_MS),
        );
        const plan = staffingPlan(
          hourlySeries(dayStart, 24, new Map(counts.map((row) => [row.hour_index, row.arrivals]))),
          roster.passengers_per_checker_hour,
        );
        for (const hour of plan.hours) {
          if (hourIndexOf(hour.hour) < currentHour) continue;
          if (hour.checkers <= roster.rostered_checkers) continue;
          found.push({
            streetCode: roster.street_code,
            alert: {
              station_code: roster.code,
              hour: hour.hour,
              needed: hour.checkers,
              rostered: roster.rostered_checkers,
              event_id: '',
            },
          });
        }
      }
    }
    const raised = await staffing.raiseAlerts(
      trx,
      found.map(({ alert }) => ({
        ...alert,
        event_id: eventIdFor('transport.peak_above_staffing', staffingKey(alert)),
      })),
    );
    const streetOf = new Map(rosters.map((roster) => [roster.code, roster.street_code]));
    return raised.map((alert) => ({ alert, streetCode: streetOf.get(alert.station_code)! }));
  }
}

/** One announcement per station and hour: the event's id is derived from them. */
function staffingKey(alert: Pick<NewStaffingAlert, 'station_code' | 'hour'>): string {
  return `${alert.station_code}|${new Date(alert.hour).toISOString()}`;
}
