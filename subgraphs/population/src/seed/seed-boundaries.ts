import type { Logger } from '@cityhub/kit';
import { communityBoundaries, type SeedOptions, type SeedOutcome } from '@cityhub/synthetic-city';
import { BoundaryStore } from '../repositories/boundary-store.js';
import { seedPopulation } from './seed-population.js';

/**
 * Draws the communities' boundaries from their stored points when any is missing (a new seed, or a
 * database seeded before boundaries existed); a rerun with every boundary stored does nothing.
 */
export async function seedCommunityBoundaries(store: BoundaryStore, logger: Logger): Promise<void> {
  const { points, boundaries } = await store.communityPoints();
  if (points.length < 3 || boundaries === points.length) return;
  const started = Date.now();
  await store.replaceBoundaries(communityBoundaries(points));
  logger.info(
    { communities: points.length, ms: Date.now() - started },
    'community boundaries drawn',
  );
}

/** The department's seed: geography and residents, then the boundaries drawn from the geography. */
export async function seedPopulationAndBoundaries(options: SeedOptions): Promise<SeedOutcome> {
  const outcome = await seedPopulation(options);
  await seedCommunityBoundaries(new BoundaryStore(options.db), options.logger);
  return outcome;
}
