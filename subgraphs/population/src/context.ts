import type { SubgraphBaseContext } from '@cityhub/kit';
import { createPopulationLoaders, type PopulationLoaders } from './loaders.js';
import { GeographyStore } from './repositories/geography-store.js';
import { ResidentStore } from './repositories/resident-store.js';

export interface PopulationContext extends SubgraphBaseContext {
  geography: GeographyStore;
  residents: ResidentStore;
  loaders: PopulationLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createPopulationContext(base: SubgraphBaseContext): PopulationContext {
  // Population is read-only over the API: every read may come from a streaming standby.
  const reads = base.readDb ?? base.db;
  const geography = new GeographyStore(reads);
  const residents = new ResidentStore(reads);
  return { ...base, geography, residents, loaders: createPopulationLoaders(geography, residents) };
}
