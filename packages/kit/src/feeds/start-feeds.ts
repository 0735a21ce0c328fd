import type { Database } from '../database.js';
import type { Logger } from '../logger.js';
import type { FeedDefinition, FeedRecord } from './feed-definition.js';
import { FeedIntake } from './feed-intake.js';
import { feedSubject, feedTopic } from './feed-subjects.js';
import { consumeFeedFromMqtt } from './mqtt-feed.js';
import { consumeFeedFromNats } from './nats-feed.js';

/** Where a department reads its high-rate feeds; each way is off unless its URL is set. */
export interface FeedBusSettings {
  natsUrl?: string;
  natsPrefix?: string;
  mqttUrl?: string;
  mqttPrefix?: string;
}

type Running = { stop(): Promise<void> };

/** Starts a feed's NATS consumer and MQTT bridge as configured; stopping ends both. */
export async function startFeed<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  bus: FeedBusSettings,
  logger: Logger,
): Promise<Running> {
  const running: Running[] = [];
  const stopAll = async () => void (await Promise.all(running.map((r) => r.stop())));
  try {
    if (bus.natsUrl)
      running.push(
        await consumeFeedFromNats(intake, { url: bus.natsUrl, prefix: bus.natsPrefix, logger }),
      );
    if (bus.mqttUrl)
      running.push(
        await consumeFeedFromMqtt(intake, { url: bus.mqttUrl, prefix: bus.mqttPrefix, logger }),
      );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { stop: stopAll };
}

/**
 * Every feed a department declares, started the same way (the kit does it when the department's
 * service starts): each on NATS and MQTT as the settings say, with the intake the batch mutation
 * uses too. Stopping ends them all; a feed that cannot start stops those already started.
 */
export async function startFeeds(
  definitions: ReadonlyArray<FeedDefinition<FeedRecord>>,
  options: { db: Database; bus: FeedBusSettings; logger: Logger },
): Promise<Running> {
  const { db, bus, logger } = options;
  const started: Running[] = [];
  const stopAll = async () => void (await Promise.all(started.map((feed) => feed.stop())));
  if (!bus.natsUrl && !bus.mqttUrl) return { stop: stopAll };
  try {
    for (const definition of definitions) {
      const feedLogger = logger.child({ feed: definition.name });
      started.push(await startFeed(new FeedIntake(db, definition, feedLogger), bus, feedLogger));
      feedLogger.info(
        {
          nats: bus.natsUrl ? feedSubject(definition.name, bus.natsPrefix).subject : null,
          mqtt: bus.mqttUrl ? `${feedTopic(definition.name, bus.mqttPrefix)}/+` : null,
        },
        'feed consuming',
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { stop: stopAll };
}
