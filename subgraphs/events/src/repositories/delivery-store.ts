import { recordsOf, Store } from '@cityhub/kit';
import type { DbDeliveryRow, DeliveryStatus } from './rows.js';

/** Webhook deliveries: the queue of attempts and the delivery log. The only SQL about them. */
export class DeliveryStore extends Store {
  /**
   * Takes due deliveries for one attempt each: their next attempt moves a lease ahead, so a
   * deliverer that dies mid-attempt leaves them to be taken again when the lease ends.
   */
  claimDue(limit: number, leaseMs: number): Promise<DbDeliveryRow[]> {
    return recordsOf<DbDeliveryRow>(
      this.db
        .raw(
          `/* events.claimDueDeliveries */
       UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = now() + (? * interval '1 millisecond')
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING *`,
          [leaseMs, limit],
        )
        .then((result) => result.rows),
    );
  }

  /** Marks a pass's accepted deliveries at once: one statement, however many. */
  async delivered(ids: readonly number[], statusCode: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db('webhook_deliveries')
      .comment('events.deliveriesDelivered')
      .whereIn('id', ids)
      .update({
        status: 'DELIVERED',
        last_status_code: statusCode,
        last_error: null,
        next_attempt_at: null,
        delivered_at: this.db.fn.now(),
      });
  }

  /** A failed attempt: retried at `retryAt`, or dead-lettered when it is null. */
  async failed(
    id: number,
    statusCode: number | null,
    error: string,
    retryAt: Date | null,
  ): Promise<void> {
    await this.db('webhook_deliveries')
      .comment('events.deliveryFailed')
      .where({ id })
      .update({
        status: retryAt ? 'PENDING' : 'DEAD',
        last_status_code: statusCode,
        last_error: error.slice(0, 500),
        next_attempt_at: retryAt,
      });
  }

  /** A subscription's deliveries, newest first; the keyset is the delivery id. */
  page(
    subscriptionId: string,
    status: DeliveryStatus | null,
    limit: number,
    afterId: number | null,
  ): Promise<DbDeliveryRow[]> {
    const query = this.db('webhook_deliveries')
      .comment('events.deliveriesPage')
      .select('*')
      .where({ subscription_id: subscriptionId });
    if (status) query.where({ status });
    if (afterId !== null) query.where('id', '<', afterId);
    return recordsOf<DbDeliveryRow>(query.orderBy('id', 'desc').limit(limit));
  }
}
