import type { Logger } from '../logger.js';
import type { FeedRecord } from './feed-definition.js';
import type { FeedIntake } from './feed-intake.js';
import { consumeFeedFromMqtt } from './mqtt-feed.js';
import { consumeFeedFromNats } from './nats-feed.js';

/** Where a department reads its high-rate feeds; each way is off unless its URL is set. */
export interface FeedBusSettings {
  natsUrl?: string;
  natsPrefix?: string;
  mqttUrl?: string;
  mqttPrefix?: string;
}

/** Starts a feed's NATS consumer and MQTT bridge as configured; stopping ends both. */
export async function startFeed<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  bus: FeedBusSettings,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const running: Array<{ stop(): Promise<void> }> = [];
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
