import type { HubEvent } from './catalogue.js';

/** Handles a batch of events; the bus acknowledges them only when it resolves. */
export type EventHandler = (events: HubEvent[]) => Promise<void>;

export interface EventConsumer {
  /** Stops taking new batches and waits for the one in hand; unacknowledged events come again. */
  stop(): Promise<void>;
}

export interface ConsumeOptions {
  /** Most events handed over at once. */
  batchSize?: number;
}

/**
 * Where the outbox relays publish and the consumers read: NATS JetStream when NATS_URL is set,
 * otherwise PostgreSQL. At-least-once both ways: consumers are idempotent by event id.
 */
export interface EventBus {
  readonly kind: 'nats' | 'postgres';
  publish(events: HubEvent[]): Promise<void>;
  /** A durable consumer: it resumes where the last one of the same name stopped. */
  consume(name: string, handler: EventHandler, options?: ConsumeOptions): Promise<EventConsumer>;
  close(): Promise<void>;
}
