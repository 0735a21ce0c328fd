import {
  officialRoles,
  withDailySnapshots,
  withSnapshotBackfill,
  type SubgraphDefinition,
} from '@cityhub/kit';
import { createPopulationContext, type PopulationContext } from './context.js';
import { healthCodeSnapshots } from './repositories/snapshot-store.js';
import { healthCodeFeed } from './managers/health-code-feed.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

import { seedPopulationAndBoundaries } from './seed/seed-boundaries.js';
export type { PopulationContext } from './context.js';
export { HEALTH_CODE_FEED, healthCodeFeed, healthCodeIntake } from './managers/health-code-feed.js';

/** Residents and community boundaries, then a month of daily health-code snapshots. */
export const seed = withSnapshotBackfill(
  seedPopulationAndBoundaries,
  healthCodeSnapshots.backfill,
  'health-code snapshots',
);

/** The population department's subgraph (实有人口): geography, residents, health codes, arrivals. */
export const subgraph: SubgraphDefinition<PopulationContext> =
  withDailySnapshots<PopulationContext>(
    {
      name: 'population',
      schemaFile: new URL('../schema.graphql', import.meta.url),
      resolvers,
      migrations,
      createContext: createPopulationContext,
      access: {
        scopes: {
          'population:read': 'residents, their arrivals and health codes (rows, not only counts)',
          'population:ingest':
            "pushing health-code colour changes (the health commission's system)",
          'key-regions:manage': 'keeping the list of key regions whose arrivals are screened',
          'imports:read': "every department's file imports: progress and what they refused",
          'imports:read-own': "the same, for the caller's own department only (its data officers)",
        },
        roles: {
          ...officialRoles('population:read'),
          'health-commission': ['population:read', 'key-regions:manage'],
          'health-code-feed': ['population:ingest'],
          'data-officer': ['imports:read-own'],
        },
      },
      // Health-code changes also from NATS and MQTT, when configured (POPULATION_FEED_* or FEED_*).
      feeds: (runtime) => [healthCodeFeed(runtime.personIdKey)],
    },
    (runtime) => healthCodeSnapshots.job(runtime.db),
  );
export { importMappings } from './importers/index.js';
