import type { SubgraphBaseContext } from '@cityhub/kit';
import { createPopulationLoaders, type PopulationLoaders } from './loaders.js';
import { GeographyStore } from './repositories/geography-store.js';
import { ResidentStore } from './repositories/resident-store.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';

export interface PopulationContext extends SubgraphBaseContext {
  geography: GeographyStore;
  residents: ResidentStore;
  loaders: PopulationLoaders;
  series: SeriesLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createPopulationContext(base: SubgraphBaseContext): PopulationContext {
  const geography = new GeographyStore(base.db);
  const residents = new ResidentStore(base.db);
  return {
    ...base,
    geography,
    residents,
    loaders: createPopulationLoaders(geography, residents),
    series: createSeriesLoaders(base.db),
  };
}
