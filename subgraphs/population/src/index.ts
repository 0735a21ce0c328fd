import { withDailySnapshots, withSnapshotBackfill, type SubgraphDefinition } from '@cityhub/kit';
import { createPopulationContext, type PopulationContext } from './context.js';
import {
  backfillHealthCodeSnapshots,
  healthCodeSnapshotJob,
} from './repositories/snapshot-store.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

import { seedPopulation } from './seed/seed-population.js';
export type { PopulationContext } from './context.js';

/** Residents, then a month of daily health-code snapshots. */
export const seed = withSnapshotBackfill(
  seedPopulation,
  backfillHealthCodeSnapshots,
  'health-code snapshots',
);

/** The population department's subgraph (实有人口): geography, residents, health codes, arrivals. */
export const subgraph: SubgraphDefinition<PopulationContext> = withDailySnapshots(
  {
    name: 'population',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    resolvers,
    migrations,
    createContext: createPopulationContext,
  },
  (runtime) => healthCodeSnapshotJob(runtime.db),
);
