import { ensureDatabaseExists, type Logger } from '@cityhub/kit';
import { startEmbeddedPostgres } from '@cityhub/kit/embedded-postgres';

export interface HubDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface HubDatabaseOptions {
  databaseUrl?: string;
  embeddedDir: string;
  embeddedPort: number;
  databaseName: string;
  logger: Logger;
}

/** Your PostgreSQL when DATABASE_URL is set; otherwise a real one started from the embedded-postgres package. */
export async function openHubDatabase(options: HubDatabaseOptions): Promise<HubDatabase> {
  if (options.databaseUrl) {
    await ensureDatabaseExists(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: options.embeddedDir,
    port: options.embeddedPort,
    logger: options.logger,
  });
  const url = server.url(options.databaseName);
  await ensureDatabaseExists(url);
  return { url, embedded: true, stop: server.stop };
}
