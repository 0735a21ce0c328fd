import type { SubgraphBaseContext } from '@cityhub/kit';
import { createBoundaryLoaders, type BoundaryLoaders } from './boundary-loaders.js';
import { createPopulationLoaders, type PopulationLoaders } from './loaders.js';
import { PeopleManager } from './managers/people-manager.js';
import { BoundaryStore } from './repositories/boundary-store.js';
import { GeographyStore } from './repositories/geography-store.js';
import { ResidentStore } from './repositories/resident-store.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';

export interface PopulationContext extends SubgraphBaseContext {
  geography: GeographyStore;
  residents: ResidentStore;
  loaders: PopulationLoaders;
  boundaryLoaders: BoundaryLoaders;
  people: PeopleManager;
  series: SeriesLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createPopulationContext(base: SubgraphBaseContext): PopulationContext {
  // Reads that tolerate lag may come from a streaming standby (opt-in); writes stay on the primary.
  const reads = base.readDb ?? base.db;
  const geography = new GeographyStore(reads);
  const residents = new ResidentStore(reads);
  const loaders = createPopulationLoaders(geography, residents);
  const people = new PeopleManager({ ...base, residents, loaders });
  return {
    ...base,
    geography,
    residents,
    loaders,
    people,
    series: createSeriesLoaders(base.db),
    boundaryLoaders: createBoundaryLoaders(new BoundaryStore(reads)),
  };
}
