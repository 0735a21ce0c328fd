import type { SubgraphBaseContext } from '@cityhub/kit';
import { createPopulationLoaders, type PopulationLoaders } from './loaders.js';
import { PeopleManager } from './managers/people-manager.js';
import { GeographyStore } from './repositories/geography-store.js';
import { ResidentStore } from './repositories/resident-store.js';

export interface PopulationContext extends SubgraphBaseContext {
  geography: GeographyStore;
  residents: ResidentStore;
  loaders: PopulationLoaders;
  people: PeopleManager;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createPopulationContext(base: SubgraphBaseContext): PopulationContext {
  const geography = new GeographyStore(base.db);
  const residents = new ResidentStore(base.db);
  const loaders = createPopulationLoaders(geography, residents);
  const people = new PeopleManager({ ...base, residents, loaders });
  return { ...base, geography, residents, loaders, people };
}
