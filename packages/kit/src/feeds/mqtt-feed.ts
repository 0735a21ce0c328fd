import mqtt from 'mqtt';
import type { Logger } from '../logger.js';
import type { FeedRecord } from './feed-definition.js';
import type { FeedIntake } from './feed-intake.js';
import { recordsInMessage } from './feed-messages.js';
import { feedTopic } from './feed-subjects.js';

export interface MqttFeedOptions {
  url: string;
  /** Topic prefix, so that test runs share a broker. */
  prefix?: string;
  logger: Logger;
}

/**
 * A feed from devices through MQTT (QoS 1, MQTT 5 with a persistent session): a message is
 * acknowledged to the broker only after its records are committed, so the broker delivers again
 * what a crash interrupted, and keeps what arrives while the department is away for a day. The
 * client handles one message at a time, so a device sends its records in batches (a JSON array)
 * for throughput. Devices publish on `<prefix>cityhub/feeds/<department>/<feed>/<device>`.
 */
export async function consumeFeedFromMqtt<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  options: MqttFeedOptions,
): Promise<{ stop(): Promise<void> }> {
  const topic = feedTopic(intake.definition.name, options.prefix);
  const logger = options.logger.child({ feed: intake.definition.name });
  const clientId = `cityhub-${intake.definition.name}-${options.prefix ?? ''}`
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 64);
  const client = mqtt.connect(options.url, {
    clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 86_400 },
    reconnectPeriod: 1_000,
    customHandleAcks: (messageTopic, payload, _packet, done) => {
      void recordUntilDone(intake, logger, messageTopic, payload).then(
        () => done(0),
        (error) => done(error as Error),
      );
    },
  });
  await client.subscribeAsync(`${topic}/+`, { qos: 1 });
  return {
    async stop() {
      await client.endAsync();
    },
  };
}

/** A batch that fails for the database is tried again (not dropped): the broker waits for the ack. */
async function recordUntilDone<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  logger: Logger,
  topic: string,
  payload: Buffer,
) {
  const origin = {
    channel: 'MQTT' as const,
    recordedBy: `mqtt:${topic.slice(topic.lastIndexOf('/') + 1)}`,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const read = recordsInMessage(payload);
      if (typeof read === 'string') await intake.record([], origin, [read]);
      else await intake.record(read, origin);
      return;
    } catch (error) {
      logger.error({ err: error, attempt }, 'feed message from MQTT failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 500, 5_000)));
    }
  }
}
