import type { Database, HubEvent } from '@cityhub/kit';
import { STREAM_CHANNEL, WEBHOOKS_CHANNEL, type EventStore } from '../repositories/event-store.js';
import type { ReplayRange } from '../repositories/rows.js';

/** The log of the hub's events and the deliveries it queues: each change in one transaction. */
export class EventLogManager {
  constructor(
    private readonly db: Database,
    private readonly events: EventStore,
  ) {}

  /**
   * Records events not seen before (by id) and queues their deliveries: an event redelivered by
   * the bus changes nothing. Returns how many were new.
   */
  record(events: HubEvent[]): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return this.db.transaction(async (trx) => {
      const log = this.events.in(trx);
      const seqs = await log.insertNew(events);
      if (seqs.length === 0) return 0;
      if ((await log.fanOut(seqs)) > 0) await log.notify(WEBHOOKS_CHANNEL);
      await log.notify(STREAM_CHANNEL);
      return seqs.length;
    });
  }

  /**
   * Queues again a subscription's deliveries of one event or of a time range, creating those
   * that never existed (events before the subscription), and returns how many were queued.
   */
  replay(subscriptionId: string, range: ReplayRange): Promise<number> {
    return this.db.transaction(async (trx) => {
      const log = this.events.in(trx);
      await log.fanOutMissing(subscriptionId, range);
      const queued = await log.requeue(subscriptionId, range);
      await log.notify(WEBHOOKS_CHANNEL);
      return queued;
    });
  }
}
