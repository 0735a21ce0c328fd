import {
  SCOPES,
  listenFor,
  passLoop,
  pushTo,
  signWebhook,
  withSmallCountsSuppressed,
  type Database,
  type Logger,
} from '@cityhub/kit';
import { DeliveryStore } from '../repositories/delivery-store.js';
import { EventStore, WEBHOOKS_CHANNEL } from '../repositories/event-store.js';
import type { DbDeliveryRow, DbEventLogRow, DbSubscriptionRow } from '../repositories/rows.js';
import { SubscriptionStore } from '../repositories/subscription-store.js';

export interface WebhookSettings {
  /** The first retry waits this long; each next one twice as long, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** After this many failed attempts a delivery is dead-lettered (it can still be replayed). */
  maxAttempts: number;
  timeoutMs: number;
  /** Due deliveries are looked for this often, besides being woken when new ones are queued. */
  pollMs: number;
  /** Deliveries attempted at once. */
  concurrency: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  backoffMs: 5_000,
  maxBackoffMs: 3_600_000,
  maxAttempts: 12,
  timeoutMs: 10_000,
  pollMs: 1_000,
  concurrency: 32,
};

/** When the attempt after `attempts` failed ones is due; null when the limit is reached. */
export function retryAt(
  attempts: number,
  settings: WebhookSettings,
  now = Date.now(),
): Date | null {
  if (attempts >= settings.maxAttempts) return null;
  const wait = Math.min(settings.backoffMs * 2 ** (attempts - 1), settings.maxBackoffMs);
  return new Date(now + wait);
}

/**
 * The body of a delivery: the event envelope as the catalogue describes it, small counts of
 * people withheld from a recipient without personal-data rights.
 */
export function webhookBody(event: DbEventLogRow, mayReadPersonalData: boolean): string {
  const { data } = withSmallCountsSuppressed(event, mayReadPersonalData);
  return JSON.stringify({
    id: event.id,
    type: event.type,
    version: event.version,
    source: event.source,
    occurredAt: new Date(event.occurredAt).toISOString(),
    streetCode: event.streetCode,
    communityCode: event.communityCode,
    creditCode: event.creditCode,
    data,
  });
}

/**
 * Sends due deliveries, signed (Standard Webhooks), retrying with exponential backoff and
 * dead-lettering after the limit. Several deliverers may run: each delivery is taken by one.
 */
export function startWebhookDeliverer(options: {
  db: Database;
  databaseUrl: string;
  logger: Logger;
  settings: WebhookSettings;
}): { stop(): Promise<void> } {
  const { settings } = options;
  const logger = options.logger.child({ component: 'webhooks' });
  const deliveries = new DeliveryStore(options.db);
  const events = new EventStore(options.db);
  const subscriptions = new SubscriptionStore(options.db);
  /** One attempt; resolves to the HTTP status when the receiver accepted it, else records the failure. */
  const attempt = async (
    delivery: DbDeliveryRow,
    subscription: DbSubscriptionRow | undefined,
    event: DbEventLogRow | undefined,
  ): Promise<number | null> => {
    if (!subscription?.active || !event) {
      await deliveries.failed(delivery.id, null, 'subscription inactive', null);
      return null;
    }
    const body = webhookBody(
      event,
      subscription.ownerScopes.includes(SCOPES.piiRead) && !!subscription.ownerPurpose,
    );
    let status: number | null = null;
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'city-data-hub-webhooks',
          ...signWebhook(subscription.secret, event.id, body),
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      await response.body?.cancel();
      if (status >= 200 && status < 300) return status;
      throw new Error(`receiver answered HTTP ${status}`);
    } catch (error) {
      const next = retryAt(delivery.attempts, settings);
      if (!next)
        logger.warn(
          { delivery: delivery.id, subscription: subscription.id },
          'webhook dead-lettered',
        );
      await deliveries.failed(delivery.id, status, (error as Error).message, next);
      return null;
    }
  };
  const pass = async () => {
    const due = await deliveries.claimDue(settings.concurrency, settings.timeoutMs + 30_000);
    if (due.length === 0) return false;
    const [subscriptionRows, eventRows] = await Promise.all([
      subscriptions.byIds([...new Set(due.map((row) => row.subscriptionId))]),
      events.byIds(due.map((row) => row.eventId)),
    ]);
    const subscriptionsById = new Map(subscriptionRows.map((row) => [row.id, row]));
    const eventsById = new Map(eventRows.map((row) => [row.id, row]));
    const statuses = await Promise.all(
      due.map((delivery) =>
        attempt(
          delivery,
          subscriptionsById.get(delivery.subscriptionId),
          eventsById.get(delivery.eventId),
        ),
      ),
    );
    const accepted = new Map<number, number[]>();
    statuses.forEach((status, i) => {
      if (status !== null) pushTo(accepted, status, due[i]!.id);
    });
    for (const [status, ids] of accepted) await deliveries.delivered(ids, status);
    return due.length === settings.concurrency;
  };
  const loop = passLoop(pass, settings.pollMs, logger, 'webhook delivery');
  const listener = listenFor(options.databaseUrl, WEBHOOKS_CHANNEL, loop.wake, logger);
  return {
    async stop() {
      await listener.close();
      await loop.stop();
    },
  };
}
