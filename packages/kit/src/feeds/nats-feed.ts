import {
  AckPolicy,
  DeliverPolicy,
  connect,
  type Consumer,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { Logger } from '../logger.js';
import type { FeedRecord } from './feed-definition.js';
import type { FeedIntake } from './feed-intake.js';
import { recordsInMessage } from './feed-messages.js';
import { feedSubject } from './feed-subjects.js';

export interface NatsFeedOptions {
  url: string;
  /** Stream and subject prefix, so that test runs and hubs share a server. */
  prefix?: string;
  logger: Logger;
  /** Messages fetched, recorded in one transaction and acknowledged together. */
  batchSize?: number;
  /** How long the server waits for an acknowledgement before delivering again. */
  ackWaitMs?: number;
}

export interface RunningFeed {
  /** Ends cleanly: what was fetched but not recorded is handed back for redelivery at once. */
  stop(): Promise<void>;
  /** Ends as a crash would (tests): nothing handed back; the server redelivers after `ackWaitMs`. */
  abandon(): Promise<void>;
  /** Drops and re-opens the connection, as the server does to a slow consumer (tests). */
  reconnect(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Fetched = { messages: JsMsg[]; error?: unknown };

/**
 * A feed from NATS JetStream through a durable pull consumer. A batch is acknowledged only after
 * it is committed (so nothing acknowledged is lost) and handed back when it could not be. The
 * next batch is fetched while one is recorded. Whatever goes wrong with the connection (the server
 * dropping a slow consumer, a restart, no responders for a moment), the loop logs it, waits a
 * little and fetches again, for as long as the department runs: it never ends on its own.
 */
export async function consumeFeedFromNats<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  options: NatsFeedOptions,
): Promise<RunningFeed> {
  const name = intake.definition.name;
  const { stream, subject, streamSubjects, durable } = feedSubject(name, options.prefix);
  const batchSize = options.batchSize ?? 2_000;
  const connection = await connect({
    servers: options.url,
    name: `cityhub-feed-${durable}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  const jsm = await connection.jetstreamManager();
  await ensureStream(jsm, stream, streamSubjects);
  const consumerConfig = {
    ack_policy: AckPolicy.Explicit,
    ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
    max_deliver: -1,
    // Two batches out at once: the one being recorded and the one fetched meanwhile.
    max_ack_pending: batchSize * 2,
  };
  await jsm.consumers.info(stream, durable).then(
    () => jsm.consumers.update(stream, durable, consumerConfig),
    () =>
      jsm.consumers.add(stream, {
        ...consumerConfig,
        durable_name: durable,
        filter_subject: subject,
        deliver_policy: DeliverPolicy.All,
      }),
  );
  const js = connection.jetstream();
  const recordedBy = `nats:${subject}`;
  let stopped = false;
  let handBack = true;
  const logger = options.logger.child({ feed: name });

  const fetchBatch = async (consumer: Consumer): Promise<Fetched> => {
    const messages: JsMsg[] = [];
    try {
      // The client closes a fetch after `expires` even when the pull was lost with a dropped
      // connection; idle heartbeats (half of it) tell a live but empty stream from a dead one.
      for await (const message of await consumer.fetch({ max_messages: batchSize, expires: 2_000 }))
        messages.push(message);
      return { messages };
    } catch (error) {
      return { messages, error };
    }
  };

  const recordBatch = async (messages: readonly JsMsg[]) => {
    const records: unknown[] = [];
    const unreadable: string[] = [];
    for (const message of messages) {
      const read = recordsInMessage(message.data);
      if (typeof read === 'string') unreadable.push(read);
      else records.push(...read);
    }
    try {
      await intake.record(records, { channel: 'NATS', recordedBy }, unreadable);
      for (const message of messages) message.ack();
    } catch (error) {
      logger.error({ err: error, messages: messages.length }, 'feed batch failed; redelivering');
      for (const message of messages) message.nak(1_000);
      await sleep(1_000);
    }
  };

  const loop = (async () => {
    for (let failures = 0; !stopped;) {
      // The fetch in flight when the loop leaves, whose messages are handed back.
      let outstanding: Promise<Fetched> | undefined;
      try {
        const consumer = await js.consumers.get(stream, durable);
        let next = fetchBatch(consumer);
        outstanding = next;
        while (!stopped) {
          const fetched = await next;
          outstanding = undefined;
          if (fetched.error) {
            if (handBack) for (const message of fetched.messages) message.nak();
            throw fetched.error;
          }
          if (!stopped) outstanding = next = fetchBatch(consumer);
          if (stopped && handBack) for (const message of fetched.messages) message.nak();
          else if (fetched.messages.length > 0) await recordBatch(fetched.messages);
          failures = 0;
        }
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, failures }, 'feed fetch failed; fetching again');
        await sleep(Math.min(failures * 250, 5_000));
      }
      const left = await outstanding;
      if (left && handBack) for (const message of left.messages) message.nak();
    }
  })().catch((error) => logger.warn({ err: error }, 'feed ended while handing back'));

  const end = async (clean: boolean) => {
    stopped = true;
    handBack = clean;
    if (clean) {
      await loop;
      await connection.drain();
    } else {
      await connection.close();
      await loop;
    }
  };
  return {
    stop: () => end(true),
    abandon: () => end(false),
    reconnect: () => connection.reconnect(),
  };
}

/** One stream keeps every feed subject; a stream made for fewer subjects is widened. */
async function ensureStream(jsm: JetStreamManager, stream: string, subjects: string) {
  const info = await jsm.streams.info(stream).catch(() => null);
  if (!info) await jsm.streams.add({ name: stream, subjects: [subjects] });
  else if (!info.config.subjects?.includes(subjects))
    await jsm.streams.update(stream, { ...info.config, subjects: [subjects] });
}
