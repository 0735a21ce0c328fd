import { createLogger, parseConfig } from '@cityhub/kit';
import { syntheticCity } from '@cityhub/synthetic-city';
import { openConfiguredHubDatabase } from './database-setup.js';
import { databaseUrlFor, hubEnvironment, type HubConfig } from './hub-config.js';
import { migrateAndSeed, progressPrinter } from './prepare.js';
import { loadSubgraphModules } from './subgraph-modules.js';

/** `npm run migrate` and `npm run seed` (SEED_PRESET, SEED): the preparation `npm start` does, alone. */
export async function prepareCli(seed: boolean): Promise<void> {
  const config = parseConfig(hubEnvironment) as HubConfig;
  const logger = createLogger('cityhub', config.LOG_LEVEL ?? 'info');
  const database = await openConfiguredHubDatabase(config, logger);
  try {
    const started = Date.now();
    await migrateAndSeed({
      modules: await loadSubgraphModules(),
      databaseUrlOf: (name) => databaseUrlFor(config, name, database.url),
      hubDatabaseUrl: database.url,
      city: seed ? syntheticCity(config.SEED_PRESET, config.SEED) : undefined,
      personIdKey: config.PERSON_ID_KEY,
      logger,
      onProgress: progressPrinter(),
    });
    process.stdout.write(
      `${seed ? `Seeded preset "${config.SEED_PRESET}"` : 'Migrated'} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
  } finally {
    await database.stop();
  }
}
