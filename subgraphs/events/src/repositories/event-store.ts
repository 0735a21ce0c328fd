import { EVENT_CATALOGUE, type Database, type HubEvent } from '@cityhub/kit';
import type { DbEventLogRow } from './rows.js';

/** Deliverers are woken here when deliveries are queued; streams when events are recorded. */
export const WEBHOOKS_CHANNEL = 'cityhub_webhooks';
export const STREAM_CHANNEL = 'cityhub_event_stream';

const CATALOGUE_TYPES = Object.keys(EVENT_CATALOGUE);
const CATALOGUE_SCOPES = Object.values(EVENT_CATALOGUE).map((definition) => definition.scope);

/**
 * Queues one delivery per matching subscription for the given events: type, filters, and the
 * owner's rights (scope of the type, street rule) at the time it subscribed. A delivery already
 * queued is left alone, so recording or replaying twice never sends twice.
 */
const FAN_OUT = `
  INSERT INTO webhook_deliveries (subscription_id, event_id, event_seq, event_type, occurred_at, next_attempt_at)
  SELECT s.id, e.id, e.seq, e.type, e.occurred_at, now()
  FROM event_log e
  JOIN unnest(?::text[], ?::text[]) AS catalogue(type, scope) ON catalogue.type = e.type
  JOIN webhook_subscriptions s
    ON s.active
   AND e.type = ANY(s.event_types)
   AND catalogue.scope = ANY(s.owner_scopes)
   AND (s.owner_streets IS NULL OR e.street_code = ANY(s.owner_streets))
   AND (s.street_code IS NULL OR s.street_code = e.street_code)
   AND (s.community_code IS NULL OR s.community_code = e.community_code)
   AND (s.credit_code IS NULL OR s.credit_code = e.credit_code)`;

/** The log of events received from the bus. The only SQL about it. */
export class EventStore {
  constructor(private readonly db: Database) {}

  /**
   * Records events not seen before (by id) and queues their deliveries, in one transaction: an
   * event redelivered by the bus changes nothing. Returns how many were new.
   */
  async record(events: HubEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.db.transaction(async (trx) => {
      const inserted: Array<{ seq: number }> = await trx('event_log')
        .comment('events.recordEvents')
        .insert(
          events.map((event) => ({
            id: event.id,
            type: event.type,
            version: event.version,
            source: event.source,
            occurred_at: event.occurredAt,
            street_code: event.streetCode,
            community_code: event.communityCode,
            credit_code: event.creditCode,
            data: JSON.stringify(event.data),
          })),
        )
        .onConflict('id')
        .ignore()
        .returning('seq');
      if (inserted.length === 0) return 0;
      const queued = await trx.raw(
        `/* events.fanOutDeliveries */ ${FAN_OUT} WHERE e.seq = ANY(?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [CATALOGUE_TYPES, CATALOGUE_SCOPES, inserted.map((row) => row.seq)],
      );
      if (queued.rowCount) await trx.raw('SELECT pg_notify(?, ?)', [WEBHOOKS_CHANNEL, '']);
      await trx.raw('SELECT pg_notify(?, ?)', [STREAM_CHANNEL, '']);
      return inserted.length;
    });
  }

  /**
   * Queues again a subscription's deliveries of one event or of a time range, creating those
   * that never existed (events before the subscription), and returns how many were queued.
   */
  async replay(
    subscriptionId: string,
    range: { eventId?: string | null; from?: Date | null; to?: Date | null },
  ): Promise<number> {
    return this.db.transaction(async (trx) => {
      const conditions: string[] = ['s.id = ?'];
      const values: Array<string | Date> = [subscriptionId];
      if (range.eventId) conditions.push('e.id = ?') && values.push(range.eventId);
      if (range.from) conditions.push('e.occurred_at >= ?') && values.push(range.from);
      if (range.to) conditions.push('e.occurred_at < ?') && values.push(range.to);
      await trx.raw(
        `/* events.replayMissingDeliveries */ ${FAN_OUT} WHERE ${conditions.join(' AND ')} ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [CATALOGUE_TYPES, CATALOGUE_SCOPES, ...values],
      );
      const query = trx('webhook_deliveries')
        .comment('events.replayDeliveries')
        .where({ subscription_id: subscriptionId })
        .update({
          status: 'PENDING',
          attempts: 0,
          next_attempt_at: trx.fn.now(),
          last_error: null,
        });
      if (range.eventId) query.where({ event_id: range.eventId });
      if (range.from) query.where('occurred_at', '>=', range.from);
      if (range.to) query.where('occurred_at', '<', range.to);
      const queued = await query;
      await trx.raw('SELECT pg_notify(?, ?)', [WEBHOOKS_CHANNEL, '']);
      return queued;
    });
  }

  /** Events after a position of the log, oldest first: what a stream sends next. */
  after(seq: number, limit: number): Promise<DbEventLogRow[]> {
    return this.db('event_log')
      .comment('events.eventsAfter')
      .select('*')
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit);
  }

  async latestSeq(): Promise<number> {
    const row = await this.db('event_log').comment('events.latestSeq').max({ seq: 'seq' }).first();
    return Number(row?.seq ?? 0);
  }

  byIds(ids: readonly string[]): Promise<DbEventLogRow[]> {
    return this.db('event_log').comment('events.eventsByIds').select('*').whereIn('id', ids);
  }
}
