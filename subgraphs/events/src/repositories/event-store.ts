import { EVENT_CATALOGUE, columnsOf, recordsOf, type HubEvent, Store } from '@cityhub/kit';
import type { DbEventLogRow, ReplayRange } from './rows.js';

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
export class EventStore extends Store {
  /** Inserts the events not seen before (by id); returns the log positions of the new ones. */
  async insertNew(events: HubEvent[]): Promise<number[]> {
    const inserted: Array<{ seq: number }> = await this.db('event_log')
      .comment('events.recordEvents')
      .insert(events.map((event) => ({ ...columnsOf(event), data: JSON.stringify(event.data) })))
      .onConflict('id')
      .ignore()
      .returning('seq');
    return inserted.map((row) => row.seq);
  }

  /** Queues the deliveries of the events at these log positions; returns how many were queued. */
  async fanOut(seqs: number[]): Promise<number> {
    const queued = await this.db.raw(
      `/* events.fanOutDeliveries */ ${FAN_OUT} WHERE e.seq = ANY(?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [CATALOGUE_TYPES, CATALOGUE_SCOPES, seqs],
    );
    return queued.rowCount ?? 0;
  }

  /** Creates the deliveries of a replay that never existed (events before the subscription). */
  async fanOutMissing(subscriptionId: string, range: ReplayRange): Promise<void> {
    const conditions: string[] = ['s.id = ?'];
    const values: Array<string | Date> = [subscriptionId];
    if (range.eventId) conditions.push('e.id = ?') && values.push(range.eventId);
    if (range.from) conditions.push('e.occurred_at >= ?') && values.push(range.from);
    if (range.to) conditions.push('e.occurred_at < ?') && values.push(range.to);
    await this.db.raw(
      `/* events.replayMissingDeliveries */ ${FAN_OUT} WHERE ${conditions.join(' AND ')} ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [CATALOGUE_TYPES, CATALOGUE_SCOPES, ...values],
    );
  }

  /** Queues a subscription's deliveries of a replay again, from their first attempt. */
  requeue(subscriptionId: string, range: ReplayRange): Promise<number> {
    const query = this.db('webhook_deliveries')
      .comment('events.replayDeliveries')
      .where({ subscription_id: subscriptionId })
      .update({
        status: 'PENDING',
        attempts: 0,
        next_attempt_at: this.db.fn.now(),
        last_error: null,
      });
    if (range.eventId) query.where({ event_id: range.eventId });
    if (range.from) query.where('occurred_at', '>=', range.from);
    if (range.to) query.where('occurred_at', '<', range.to);
    return query;
  }

  /** Wakes the listeners of a channel when the transaction commits. */
  async notify(channel: string): Promise<void> {
    await this.db.raw('SELECT pg_notify(?, ?)', [channel, '']);
  }

  /** Events after a position of the log, oldest first: what a stream sends next. */
  after(seq: number, limit: number): Promise<DbEventLogRow[]> {
    return recordsOf<DbEventLogRow>(
      this.db('event_log')
        .comment('events.eventsAfter')
        .select('*')
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit),
    );
  }

  async latestSeq(): Promise<number> {
    const row = await this.db('event_log').comment('events.latestSeq').max({ seq: 'seq' }).first();
    return row?.seq ?? 0;
  }

  byIds(ids: readonly string[]): Promise<DbEventLogRow[]> {
    return recordsOf<DbEventLogRow>(
      this.db('event_log').comment('events.eventsByIds').select('*').whereIn('id', ids),
    );
  }
}
