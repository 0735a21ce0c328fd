import {
  AckPolicy,
  DeliverPolicy,
  JSONCodec,
  RetentionPolicy,
  connect,
  nanos,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { Logger } from '../logger.js';
import type { ConsumeOptions, EventBus, EventConsumer, EventHandler } from './bus.js';
import type { HubEvent } from './catalogue.js';

export interface NatsBusOptions {
  url: string;
  /** Prepended to the stream name and subjects, so that several hubs (or test runs) share a server. */
  prefix?: string;
  logger: Logger;
  /** How long a delivered, unacknowledged event waits before JetStream delivers it again. */
  ackWaitMs?: number;
  /** Window in which JetStream drops a second publish of the same event id. */
  duplicateWindowMs?: number;
}

const codec = JSONCodec<HubEvent>();

/**
 * NATS JetStream: one stream, a subject per event type (`cityhub.events.risk.level_changed`),
 * durable pull consumers with explicit acks, and the event id as the message id, so that a relay
 * publishing again after a crash is de-duplicated by the server.
 */
export class NatsEventBus implements EventBus {
  readonly kind = 'nats';
  readonly stream: string;
  readonly subjectRoot: string;

  private constructor(
    private readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
  ) {
    const prefix = options.prefix ?? '';
    this.stream = `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}CITYHUB_EVENTS`;
    this.subjectRoot = `${prefix ? `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}.` : ''}cityhub.events`;
  }

  static async open(options: NatsBusOptions): Promise<NatsEventBus> {
    const connection = await connect({
      servers: options.url,
      name: 'cityhub-events',
      maxReconnectAttempts: -1,
    });
    const jsm = await connection.jetstreamManager();
    const bus = new NatsEventBus(connection, connection.jetstream(), jsm, options);
    const config = {
      name: bus.stream,
      subjects: [`${bus.subjectRoot}.>`],
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(options.duplicateWindowMs ?? 10 * 60_000),
    };
    try {
      await jsm.streams.info(bus.stream);
      await jsm.streams.update(bus.stream, config);
    } catch {
      await jsm.streams.add(config);
    }
    return bus;
  }

  subjectOf(type: string): string {
    return `${this.subjectRoot}.${type}`;
  }

  async publish(events: HubEvent[]): Promise<void> {
    // Sent back to back on one connection, so the stream keeps their order; each ack is awaited.
    await Promise.all(
      events.map((event) =>
        this.js.publish(this.subjectOf(event.type), codec.encode(event), { msgID: event.id }),
      ),
    );
  }

  async consume(
    name: string,
    handler: EventHandler,
    options: ConsumeOptions = {},
  ): Promise<EventConsumer> {
    const durable = name.replace(/[^A-Za-z0-9_-]/g, '_');
    const consumerConfig = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: 10_000,
    };
    try {
      await this.jsm.consumers.info(this.stream, durable);
    } catch {
      await this.jsm.consumers.add(this.stream, consumerConfig);
    }
    const consumer = await this.js.consumers.get(this.stream, durable);
    const batchSize = options.batchSize ?? 256;
    const logger = this.options.logger;
    // consume() streams messages as they arrive (fetch() would wait for a full batch or its expiry);
    // what arrived together is handed over as one batch, acknowledged after the handler.
    const messages = await consumer.consume({ max_messages: batchSize * 2 });
    let stopped = false;
    let buffer: JsMsg[] = [];
    let scheduled = false;
    let flushing = Promise.resolve();
    const flush = () => {
      scheduled = false;
      const batch = buffer;
      buffer = [];
      if (batch.length === 0) return;
      flushing = flushing.then(async () => {
        if (stopped) return;
        try {
          await handler(batch.map((message) => codec.decode(message.data)));
          for (const message of batch) message.ack();
        } catch (error) {
          logger.error({ err: error, consumer: durable }, 'event handler failed; redelivering');
          for (const message of batch) message.nak(1_000);
        }
      });
    };
    const loop = (async () => {
      for await (const message of messages) {
        if (stopped) break;
        buffer.push(message);
        if (buffer.length >= batchSize) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
    })().catch((error) => logger.warn({ err: error, consumer: durable }, 'event consumer ended'));
    return {
      async stop() {
        // Whatever is not acknowledged by now is delivered again, to this consumer's next run.
        stopped = true;
        messages.stop();
        await loop;
        await flushing;
      },
    };
  }

  /** Removes the stream and its consumers (tests' own prefixes). */
  async deleteStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream);
  }

  async close(): Promise<void> {
    await this.connection.drain();
  }
}
