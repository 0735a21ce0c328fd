import type { SubgraphDefinition } from '@cityhub/kit';
import { createPopulationContext, type PopulationContext } from './context.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedPopulation as seed } from './seed/seed-population.js';
export type { PopulationContext } from './context.js';

/** The population department's subgraph (实有人口): geography, residents, health codes, arrivals. */
export const subgraph: SubgraphDefinition<PopulationContext> = {
  name: 'population',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createPopulationContext,
};
export { importMappings } from './importers/index.js';
