import { z } from 'zod';
import { parseConfigOrThrow } from '../config.js';
import type { FeedBusSettings } from './start-feeds.js';

const natsUrl = z.string().regex(/^(nats|tls):\/\//, 'must be a nats:// or tls:// URL');
const mqttUrl = z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt:// or mqtts:// URL');
const prefix = z.string().regex(/^[A-Za-z0-9_/-]*$/, 'letters, digits, _, - and /');
/** A variable set but empty counts as unset. */
const unlessEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * Where a department reads its feeds, parsed at start with the rest of its settings:
 * `<NAME>_FEED_NATS_URL`, `<NAME>_FEED_MQTT_URL` and their `_PREFIX`es, each falling back to the
 * hub-wide `FEED_NATS_URL`, `FEED_MQTT_URL`, `FEED_NATS_PREFIX`, `FEED_MQTT_PREFIX` (as
 * `<NAME>_DATABASE_URL` falls back to `DATABASE_URL`). A way without a URL is off.
 */
export function feedBusEnvironment(department: string) {
  const own = `${department.toUpperCase()}_FEED_`;
  return z
    .object({
      [`${own}NATS_URL`]: unlessEmpty(natsUrl),
      [`${own}NATS_PREFIX`]: unlessEmpty(prefix),
      [`${own}MQTT_URL`]: unlessEmpty(mqttUrl),
      [`${own}MQTT_PREFIX`]: unlessEmpty(prefix),
      FEED_NATS_URL: unlessEmpty(natsUrl),
      FEED_NATS_PREFIX: unlessEmpty(prefix),
      FEED_MQTT_URL: unlessEmpty(mqttUrl),
      FEED_MQTT_PREFIX: unlessEmpty(prefix),
    })
    .transform((env): FeedBusSettings => {
      const setting = (name: string) =>
        (env[`${own}${name}`] ?? env[`FEED_${name}`]) as string | undefined;
      return {
        natsUrl: setting('NATS_URL'),
        natsPrefix: setting('NATS_PREFIX'),
        mqttUrl: setting('MQTT_URL'),
        mqttPrefix: setting('MQTT_PREFIX'),
      };
    });
}

/** The department's feed settings from the environment, or an error listing every problem. */
export function feedBusSettingsOrThrow(
  department: string,
  env: NodeJS.ProcessEnv = process.env,
): FeedBusSettings {
  try {
    return parseConfigOrThrow(feedBusEnvironment(department), env);
  } catch (error) {
    throw new Error(`Invalid ${department} feed configuration: ${(error as Error).message}`);
  }
}
