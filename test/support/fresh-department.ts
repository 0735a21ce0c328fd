import { createDatabase, migrateUp, type Database, type SubgraphDefinition } from '@cityhub/kit';
import { freshDatabase } from './database.js';

/**
 * A department's schema, migrated and empty, in a database of its own: for tests that load files
 * into a department's tables without touching the shared seeded city.
 */
export async function freshDepartment(
  name: string,
): Promise<{ db: Database; drop(): Promise<void> }> {
  const fresh = await freshDatabase();
  const { subgraph } = (await import(`@cityhub/${name}`)) as { subgraph: SubgraphDefinition };
  const db = createDatabase({ url: fresh.url, schema: name, poolMax: 4 });
  await migrateUp(db, name, subgraph.migrations);
  return {
    db,
    async drop() {
      await db.destroy();
      await fresh.drop();
    },
  };
}
