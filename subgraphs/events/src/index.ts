import type { SubgraphDefinition, SubgraphRuntime } from '@cityhub/kit';
import { eventsEnvironment } from './config.js';
import { createEventsContext, type EventsContext } from './context.js';
import { eventStreamRoute } from './managers/event-stream.js';
import { startWebhookDeliverer, type WebhookSettings } from './managers/webhook-deliverer.js';
import { EventLogManager } from './managers/event-log-manager.js';
import { migrations } from './migrations/index.js';
import { EventStore } from './repositories/event-store.js';
import { resolvers } from './resolvers/index.js';

export type { EventsContext } from './context.js';
export { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './managers/webhook-deliverer.js';

/** The bus consumer that records every event once and queues its webhooks. */
export const INGEST_CONSUMER = 'events-ingest';

/**
 * The events department (事件): the catalogue, webhook subscriptions and deliveries, the live
 * stream. `settings` replace the webhook retries the process's environment sets (tests, the bench).
 */
export function createEventsSubgraph(
  settings?: () => WebhookSettings,
): SubgraphDefinition<EventsContext, WebhookSettings> {
  const streams = new WeakMap<SubgraphRuntime, ReturnType<typeof eventStreamRoute>>();
  return {
    name: 'events',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    environment: eventsEnvironment,
    resolvers,
    migrations,
    createContext: createEventsContext,
    async background(runtime) {
      const stream = eventStreamRoute(runtime);
      streams.set(runtime, stream);
      const eventLog = new EventLogManager(runtime.db, new EventStore(runtime.db));
      const ingest = runtime.bus
        ? await runtime.bus.consume(INGEST_CONSUMER, async (events) => {
            await eventLog.record(events);
          })
        : null;
      const deliverer = startWebhookDeliverer({
        ...runtime,
        settings: settings?.() ?? runtime.settings,
      });
      return {
        async stop() {
          await stream.close();
          await ingest?.stop();
          await deliverer.stop();
        },
      };
    },
    routes: (runtime) => ({
      '/events/stream': (req, res) => streams.get(runtime)!.route(req, res),
    }),
  };
}

export const subgraph = createEventsSubgraph();
