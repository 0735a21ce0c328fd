import type { Logger } from '@cityhub/kit';
import { openHubDatabase, type HubDatabase } from './database-setup.js';
import type { HubConfig } from './hub-config.js';

/** The hub's database as the hub's settings name it (DATABASE_URL, else the embedded one). */
export function openConfiguredHubDatabase(config: HubConfig, logger: Logger): Promise<HubDatabase> {
  return openHubDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.EMBEDDED_POSTGRES_DIR,
    embeddedPort: config.EMBEDDED_POSTGRES_PORT,
    databaseName: config.DATABASE_NAME,
    logger,
  });
}
