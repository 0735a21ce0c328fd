import { departmentEnvironment } from '@cityhub/kit';
import { z } from 'zod';

/** The population department's own settings: where it reads its high-rate feeds; each is off unless set. */
export const populationEnvironment = departmentEnvironment({
  // NATS with JetStream for the health commission's colour changes, e.g. nats://127.0.0.1:4222.
  POPULATION_FEED_NATS_URL: z.string().optional(),
  POPULATION_FEED_NATS_PREFIX: z.string().default(''),
  // An MQTT broker the devices publish to, e.g. mqtt://127.0.0.1:1883.
  POPULATION_FEED_MQTT_URL: z.string().optional(),
  POPULATION_FEED_MQTT_PREFIX: z.string().default(''),
});

export type PopulationSettings = z.output<typeof populationEnvironment>;
