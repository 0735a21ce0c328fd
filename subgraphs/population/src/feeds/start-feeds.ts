import { consumeFeedFromMqtt, consumeFeedFromNats, type Database, type Logger } from '@cityhub/kit';
import type { PopulationSettings } from '../config.js';
import { healthCodeIntake } from '../managers/health-code-feed.js';

/** Starts the health-code feeds that are configured; stopping ends them all. */
export async function startHealthCodeFeeds(
  runtime: { db: Database; logger: Logger; personIdKey: string },
  config: PopulationSettings,
): Promise<{ stop(): Promise<void> }> {
  const logger = runtime.logger.child({ feed: 'health-codes' });
  const intake = healthCodeIntake(runtime.db, runtime.personIdKey, logger);
  const running: Array<{ stop(): Promise<void> }> = [];
  try {
    if (config.POPULATION_FEED_NATS_URL)
      running.push(
        await consumeFeedFromNats(intake, {
          url: config.POPULATION_FEED_NATS_URL,
          prefix: config.POPULATION_FEED_NATS_PREFIX,
          logger,
        }),
      );
    if (config.POPULATION_FEED_MQTT_URL)
      running.push(
        await consumeFeedFromMqtt(intake, {
          url: config.POPULATION_FEED_MQTT_URL,
          prefix: config.POPULATION_FEED_MQTT_PREFIX,
          logger,
        }),
      );
  } catch (error) {
    await Promise.all(running.map((r) => r.stop()));
    throw error;
  }
  return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
}
