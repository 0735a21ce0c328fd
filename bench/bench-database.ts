import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabaseExists, type Logger } from '@cityhub/kit';
import { loadSubgraphModules, migrateAndSeed, openHubDatabase } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import type { SyntheticCity } from '@cityhub/synthetic-city';

export interface BenchDatabaseOptions {
  /** A server to use; else the embedded one in `embeddedDir`. */
  databaseUrl?: string;
  embeddedDir: string;
  embeddedPort: number;
  /** Names the database, e.g. `import`. */
  label: string;
  /** The departments to migrate (and seed, with `city`). */
  subgraphs: string[];
  city?: SyntheticCity;
  personIdKey: string;
  logger: Logger;
}

/**
 * Runs a benchmark on a database of its own, migrated (and seeded) for the departments it needs,
 * and drops it afterwards, whatever happened.
 */
export async function withBenchDatabase<T>(
  options: BenchDatabaseOptions,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const server = await openHubDatabase({
    databaseUrl: options.databaseUrl,
    embeddedDir: options.embeddedDir,
    embeddedPort: options.embeddedPort,
    databaseName: 'postgres',
    logger: options.logger,
  });
  const url = new URL(server.url);
  const name = `cityhub_bench_${options.label}_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  try {
    await ensureDatabaseExists(url.toString());
    await migrateAndSeed({
      modules: await loadSubgraphModules(
        SUBGRAPHS.filter((entry) => options.subgraphs.includes(entry.name)),
      ),
      databaseUrlOf: () => url.toString(),
      hubDatabaseUrl: url.toString(),
      city: options.city,
      personIdKey: options.personIdKey,
      logger: options.logger,
    });
    return await work(url.toString());
  } finally {
    await dropDatabase(url.toString());
    await server.stop();
  }
}
