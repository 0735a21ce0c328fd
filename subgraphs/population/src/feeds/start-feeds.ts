import type { Database, Logger } from '@cityhub/kit';
import { HealthCodeFeed } from '../managers/health-code-feed.js';
import type { PopulationSettings } from '../config.js';
import { consumeHealthCodesFromMqtt } from './health-code-mqtt.js';
import { consumeHealthCodesFromNats } from './health-code-nats.js';

/** Starts the health-code feeds that are configured; stopping ends them all. */
export async function startHealthCodeFeeds(
  runtime: { db: Database; logger: Logger; personIdKey: string },
  config: PopulationSettings,
): Promise<{ stop(): Promise<void> }> {
  const logger = runtime.logger.child({ feed: 'health-codes' });
  const feed = new HealthCodeFeed(runtime.db, runtime.personIdKey, logger);
  const running: Array<{ stop(): Promise<void> }> = [];
  try {
    if (config.POPULATION_FEED_NATS_URL)
      running.push(
        await consumeHealthCodesFromNats({
          url: config.POPULATION_FEED_NATS_URL,
          prefix: config.POPULATION_FEED_NATS_PREFIX,
          feed,
          logger,
        }),
      );
    if (config.POPULATION_FEED_MQTT_URL)
      running.push(
        await consumeHealthCodesFromMqtt({
          url: config.POPULATION_FEED_MQTT_URL,
          prefix: config.POPULATION_FEED_MQTT_PREFIX,
          feed,
          logger,
        }),
      );
  } catch (error) {
    await Promise.all(running.map((r) => r.stop()));
    throw error;
  }
  return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
}
