import { openEventBus, type EventBusSettings, type EventConsumer, type Logger } from '@cityhub/kit';
import type { ResponseCacheStore } from './cache-store.js';

/**
 * Keeps the cache in step with changes made outside this gateway (the nightly risk run, a health
 * commission feed, another replica): each hub event makes stale the answers that read its
 * department's subgraph. `consumerName` is durable: one per store (a Redis store is shared, so one
 * consumer for all replicas suffices), one per replica for memory stores.
 */
export async function invalidateOnHubEvents(
  settings: EventBusSettings,
  store: ResponseCacheStore,
  consumerName: string,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const bus = await openEventBus(settings, logger);
  let consumer: EventConsumer;
  try {
    consumer = await bus.consume(consumerName, async (events) => {
      await store.invalidate([...new Set(events.map((event) => event.source))]);
    });
  } catch (error) {
    await bus.close();
    throw error;
  }
  return {
    async stop() {
      await consumer.stop();
      await bus.close();
    },
  };
}
