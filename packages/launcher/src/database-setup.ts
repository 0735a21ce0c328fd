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
    try {
      await ensureDatabaseExists(options.databaseUrl);
    } catch (error) {
      const where = new URL(options.databaseUrl);
      throw new Error(
        `Cannot use the PostgreSQL of DATABASE_URL (${where.host}${where.pathname}): is it running, ` +
          'and may this user create the database? Unset DATABASE_URL to use the embedded one.',
        { cause: error },
      );
    }
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
