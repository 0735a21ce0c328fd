import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';
import { NatsEventBus } from './nats-bus.js';
import { PostgresEventBus } from './postgres-bus.js';

/** Where the hub's events travel; parsed from NATS_URL, EVENTS_NATS_PREFIX and EVENTS_DATABASE_URL. */
export interface EventBusSettings {
  /** NATS with JetStream; without it, the PostgreSQL event log in `databaseUrl`. */
  natsUrl?: string;
  natsPrefix?: string;
  /** The hub database that holds the embedded event log (schema `event_bus`). */
  databaseUrl: string;
  natsAckWaitMs?: number;
  pollMs?: number;
}

export function openEventBus(settings: EventBusSettings, logger: Logger): Promise<EventBus> {
  return settings.natsUrl
    ? NatsEventBus.open({
        url: settings.natsUrl,
        prefix: settings.natsPrefix,
        logger,
        ackWaitMs: settings.natsAckWaitMs,
      })
    : PostgresEventBus.open({ databaseUrl: settings.databaseUrl, logger, pollMs: settings.pollMs });
}
