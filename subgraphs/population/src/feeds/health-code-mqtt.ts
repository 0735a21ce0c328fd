import type { Logger } from '@cityhub/kit';
import mqtt from 'mqtt';
import type { HealthCodeFeed } from '../managers/health-code-feed.js';
import { changesInMessage } from './feed-messages.js';

export interface MqttFeedOptions {
  url: string;
  /** Topic prefix, so that test runs share a broker. */
  prefix?: string;
  feed: HealthCodeFeed;
  logger: Logger;
}

/** Devices publish on `<prefix>cityhub/feeds/population/health-codes/<device>`. */
export function healthCodeTopic(prefix = ''): string {
  return `${prefix}cityhub/feeds/population/health-codes`;
}

/**
 * Health-code changes from devices through MQTT (QoS 1, a persistent session): a message is
 * acknowledged to the broker only after its changes are committed, so the broker delivers again
 * what a crash interrupted. The client handles one message at a time, so a device sends its
 * changes in batches (a JSON array) for throughput.
 */
export async function consumeHealthCodesFromMqtt(
  options: MqttFeedOptions,
): Promise<{ stop(): Promise<void> }> {
  const topic = healthCodeTopic(options.prefix);
  const client = mqtt.connect(options.url, {
    clientId: `cityhub-population-${(options.prefix ?? '').replace(/[^A-Za-z0-9]/g, '') || 'feeds'}`,
    // MQTT 5: the client acknowledges when told (customHandleAcks), and the broker keeps the
    // session, with what is not yet acknowledged, for a day while the department is away.
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 86_400 },
    reconnectPeriod: 1_000,
    customHandleAcks: (messageTopic, payload, _packet, done) => {
      void recordUntilDone(options, messageTopic, payload).then(
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
async function recordUntilDone(options: MqttFeedOptions, topic: string, payload: Buffer) {
  const recordedBy = `mqtt:${topic.slice(topic.lastIndexOf('/') + 1)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const read = changesInMessage(payload);
      if (typeof read === 'string') await options.feed.refuseUnreadable([read], 'MQTT', recordedBy);
      else await options.feed.record(read, 'MQTT', recordedBy);
      return;
    } catch (error) {
      options.logger.error(
        { err: error, attempt },
        'health-code message from MQTT failed; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 500, 5_000)));
    }
  }
}
