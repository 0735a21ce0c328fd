import { parseConfig } from '@cityhub/kit';
import { z } from 'zod';

/** Where the population department reads its high-rate feeds from; each is off unless set. */
export const populationFeedEnvironment = z.object({
  // NATS with JetStream for the health commission's colour changes, e.g. nats://127.0.0.1:4222.
  POPULATION_FEED_NATS_URL: z.string().optional(),
  POPULATION_FEED_NATS_PREFIX: z.string().default(''),
  // An MQTT broker the devices publish to, e.g. mqtt://127.0.0.1:1883.
  POPULATION_FEED_MQTT_URL: z.string().optional(),
  POPULATION_FEED_MQTT_PREFIX: z.string().default(''),
});

export type PopulationFeedConfig = z.infer<typeof populationFeedEnvironment>;

export function populationFeedConfig(): PopulationFeedConfig {
  return parseConfig(populationFeedEnvironment);
}
