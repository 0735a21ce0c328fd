import { startFeed, type Database, type Logger } from '@cityhub/kit';
import type { PopulationSettings } from '../config.js';
import { healthCodeIntake } from '../managers/health-code-feed.js';

/** Starts the health-code feeds that are configured; stopping ends them all. */
export function startHealthCodeFeeds(
  runtime: { db: Database; logger: Logger; personIdKey: string },
  config: PopulationSettings,
): Promise<{ stop(): Promise<void> }> {
  const logger = runtime.logger.child({ feed: 'health-codes' });
  return startFeed(
    healthCodeIntake(runtime.db, runtime.personIdKey, logger),
    {
      natsUrl: config.POPULATION_FEED_NATS_URL,
      natsPrefix: config.POPULATION_FEED_NATS_PREFIX,
      mqttUrl: config.POPULATION_FEED_MQTT_URL,
      mqttPrefix: config.POPULATION_FEED_MQTT_PREFIX,
    },
    logger,
  );
}
