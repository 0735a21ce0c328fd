import type { SubgraphDefinition } from '@cityhub/kit';
import { SUBGRAPHS, type SubgraphEntry } from '@cityhub/schema';
import type { SeedFunction } from '@cityhub/synthetic-city';

/** What each subgraph package exports: its definition and, when it has demo data, its generator. */
export interface SubgraphModule {
  entry: SubgraphEntry;
  subgraph: SubgraphDefinition<never>;
  seed?: SeedFunction;
}

/** Loads every registered subgraph package (`@cityhub/<name>`), in registry order. */
export async function loadSubgraphModules(
  entries: SubgraphEntry[] = SUBGRAPHS,
): Promise<SubgraphModule[]> {
  return Promise.all(
    entries.map(async (entry) => {
      const module = (await import(`@cityhub/${entry.name}`)) as Omit<SubgraphModule, 'entry'>;
      return { entry, subgraph: module.subgraph, seed: module.seed };
    }),
  );
}
