import { withDailySnapshots, withSnapshotBackfill, type SubgraphDefinition } from '@cityhub/kit';
import { createPopulationContext, type PopulationContext } from './context.js';
import {
  backfillHealthCodeSnapshots,
  healthCodeSnapshotJob,
} from './repositories/snapshot-store.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

import { seedPopulationAndBoundaries } from './seed/seed-boundaries.js';
export type { PopulationContext } from './context.js';

/** Residents and community boundaries, then a month of daily health-code snapshots. */
export const seed = withSnapshotBackfill(
  seedPopulationAndBoundaries,
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
    access: {
      scopes: {
        'population:read': 'residents, their arrivals and health codes (rows, not only counts)',
      },
      roles: {
        'street-official': ['population:read'],
        'district-official': ['population:read'],
        'health-commission': ['population:read'],
      },
    },
  },
  (runtime) => healthCodeSnapshotJob(runtime.db),
);
