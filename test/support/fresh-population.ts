import { createDatabase, migrateUp, type Database } from '@cityhub/kit';
import { subgraph } from '@cityhub/population';
import { freshDatabase } from './database.js';

/**
 * An empty population schema with the test city's geography only, in a database of its own: for
 * tests that load residents by the hundred thousand without touching the shared seeded city.
 */
export async function freshPopulation(
  seeded: Database,
): Promise<{ db: Database; communities: string[]; drop(): Promise<void> }> {
  const fresh = await freshDatabase();
  const db = createDatabase({ url: fresh.url, schema: 'population', poolMax: 4 });
  await migrateUp(db, 'population', subgraph.migrations);
  for (const table of ['districts', 'streets', 'communities', 'origin_regions', 'key_regions'])
    await db.batchInsert(table, await seeded(table).select('*'), 2_000);
  const communities = (await db('communities').orderBy('code').pluck('code')) as string[];
  return {
    db,
    communities,
    async drop() {
      await db.destroy();
      await fresh.drop();
    },
  };
}
