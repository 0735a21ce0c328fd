import type { Logger } from '@cityhub/kit';
import { AckPolicy, DeliverPolicy, connect, type JsMsg } from 'nats';
import type { HealthCodeFeed } from '../managers/health-code-feed.js';
import { changesInMessage } from './feed-messages.js';

export interface NatsFeedOptions {
  url: string;
  /** Stream and subject prefix, so that test runs and hubs share a server. */
  prefix?: string;
  feed: HealthCodeFeed;
  logger: Logger;
  batchSize?: number;
}

/** Where the health commission publishes colour changes, and the JetStream stream that keeps them. */
export function healthCodeSubject(prefix = ''): { stream: string; subject: string } {
  const clean = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    stream: `${clean}CITYHUB_FEEDS`,
    subject: `${clean ? `${clean}.` : ''}cityhub.feeds.population.health-codes`,
  };
}

/**
 * Health-code changes from NATS JetStream: a durable consumer, so that changes published while
 * the department is down wait for it; a batch is acknowledged only after it is committed, and
 * handed back for redelivery when it could not be, so none is lost.
 */
export async function consumeHealthCodesFromNats(
  options: NatsFeedOptions,
): Promise<{ stop(): Promise<void> }> {
  const { stream, subject } = healthCodeSubject(options.prefix);
  const connection = await connect({
    servers: options.url,
    name: 'cityhub-population-feeds',
    maxReconnectAttempts: -1,
  });
  const jsm = await connection.jetstreamManager();
  await jsm.streams
    .info(stream)
    .catch(() =>
      jsm.streams.add({ name: stream, subjects: [`${subject.replace(/health-codes$/, '')}>`] }),
    );
  const durable = 'population-health-codes';
  await jsm.consumers.info(stream, durable).catch(() =>
    jsm.consumers.add(stream, {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 20_000,
    }),
  );
  const consumer = await connection.jetstream().consumers.get(stream, durable);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const messages: JsMsg[] = [];
      for await (const message of await consumer.fetch({
        max_messages: options.batchSize ?? 2_000,
        expires: 1_000,
      }))
        messages.push(message);
      if (messages.length === 0) continue;
      try {
        await recordMessages(options.feed, messages, `nats:${subject}`);
        for (const message of messages) message.ack();
      } catch (error) {
        options.logger.error({ err: error }, 'health-code batch from NATS failed; redelivering');
        for (const message of messages) message.nak(1_000);
      }
    }
  })().catch((error) => options.logger.warn({ err: error }, 'health-code NATS feed ended'));
  return {
    async stop() {
      stopped = true;
      await loop;
      await connection.drain();
    },
  };
}

async function recordMessages(
  feed: HealthCodeFeed,
  messages: readonly JsMsg[],
  recordedBy: string,
): Promise<void> {
  const changes = [];
  const unreadable: string[] = [];
  for (const message of messages) {
    const read = changesInMessage(message.data);
    if (typeof read === 'string') unreadable.push(read);
    else changes.push(...read);
  }
  await feed.record(changes, 'NATS', recordedBy);
  await feed.refuseUnreadable(unreadable, 'NATS', recordedBy);
}
