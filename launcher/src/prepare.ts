import { asSchemaOwner, createDatabase, migrateUp, type Logger } from '@cityhub/kit';
import { gatewayMigrations } from '@cityhub/gateway';
import type { SeedProgress, SyntheticCity } from '@cityhub/synthetic-city';
import type { SubgraphModule } from './subgraph-modules.js';

export interface PrepareOptions {
  modules: SubgraphModule[];
  databaseUrlOf: (subgraph: string) => string;
  /** The hub's own database: the gateway's API keys. */
  hubDatabaseUrl: string;
  /** Seed subgraphs whose demo data is missing; omit to only migrate. */
  city?: SyntheticCity;
  personIdKey: string;
  logger: Logger;
  onProgress?: (subgraph: string, progress: SeedProgress) => void;
}

/** Migrates the gateway's and every subgraph's schema and seeds what is missing. Safe to run again at any point. */
export async function migrateAndSeed(options: PrepareOptions): Promise<void> {
  const gatewayDb = createDatabase({
    url: options.hubDatabaseUrl,
    schema: 'gateway',
    logger: options.logger,
  });
  try {
    await migrateUp(gatewayDb, 'gateway', gatewayMigrations);
  } finally {
    await gatewayDb.destroy();
  }
  for (const { subgraph, seed } of options.modules) {
    // Migrations and seeding (COPY) run as the department's owner role: its own schema only.
    const schema = subgraph.databaseSchema ?? subgraph.name;
    await asSchemaOwner(
      { url: options.databaseUrlOf(subgraph.name), schema, logger: options.logger },
      async (db) => {
        const applied = await migrateUp(db, schema, subgraph.migrations);
        if (applied.length)
          options.logger.info({ subgraph: subgraph.name, applied }, 'migrations applied');
        if (!seed || !options.city) return;
        const started = Date.now();
        const outcome = await seed({
          db,
          city: options.city,
          personIdKey: options.personIdKey,
          logger: options.logger.child({ subgraph: subgraph.name }),
          onProgress: (progress) => options.onProgress?.(subgraph.name, progress),
        });
        if (outcome !== 'already-seeded')
          options.logger.info(
            { subgraph: subgraph.name, outcome, seconds: (Date.now() - started) / 1000 },
            'demo data loaded',
          );
      },
    );
  }
}

/** A one-line progress report that rewrites itself on a terminal and prints every tenth on a log. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  return (subgraph: string, { step, done, total, rowsPerSecond }: SeedProgress) => {
    const percent = Math.floor((done / total) * 100);
    const line = `${subgraph}: ${step} ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${percent}%), ${rowsPerSecond.toLocaleString('en')} rows/s`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (Math.floor(percent / 10) !== lastDecile || done === total) {
      lastDecile = Math.floor(percent / 10);
      stream.write(`${line}\n`);
    }
  };
}
