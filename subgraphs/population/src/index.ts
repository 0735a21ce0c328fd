import type { SubgraphDefinition } from '@cityhub/kit';
import { createPopulationContext, type PopulationContext } from './context.js';
import { populationFeedConfig } from './feeds/feed-config.js';
import { startHealthCodeFeeds } from './feeds/start-feeds.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedPopulation as seed } from './seed/seed-population.js';
export type { PopulationContext } from './context.js';
export { HealthCodeFeed } from './managers/health-code-feed.js';
export { consumeHealthCodesFromNats, healthCodeSubject } from './feeds/health-code-nats.js';
export { healthCodeTopic } from './feeds/health-code-mqtt.js';

/** The population department's subgraph (实有人口): geography, residents, health codes, arrivals. */
export const subgraph: SubgraphDefinition<PopulationContext> = {
  name: 'population',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createPopulationContext,
  // Health-code changes from NATS and MQTT, when configured (POPULATION_FEED_*).
  background: (runtime) => startHealthCodeFeeds(runtime, populationFeedConfig()),
};
export { importMappings } from './importers/index.js';
