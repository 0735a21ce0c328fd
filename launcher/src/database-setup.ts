import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDatabaseExists, type Logger } from '@cityhub/kit';
import { startEmbeddedPostgres } from '@cityhub/kit/embedded-postgres';
import type { HubConfig } from './hub-config.js';

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
/** The hub's database as its settings say: `DATABASE_URL`, else the embedded cluster. */
export function openConfiguredHubDatabase(
  config: Pick<
    HubConfig,
    'DATABASE_URL' | 'EMBEDDED_POSTGRES_DIR' | 'EMBEDDED_POSTGRES_PORT' | 'DATABASE_NAME'
  >,
  logger: Logger,
): Promise<HubDatabase> {
  return openHubDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.EMBEDDED_POSTGRES_DIR,
    embeddedPort: config.EMBEDDED_POSTGRES_PORT,
    databaseName: config.DATABASE_NAME,
    logger,
  });
}

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
  return {
    url,
    embedded: true,
    stop: () => stopEmbedded(server.stop, options.embeddedDir, options.logger),
  };
}

/**
 * Stops the embedded PostgreSQL, also when it was restarted meanwhile (pg_ctl restart): the
 * package then waits forever for its first process, which is gone, and the new postmaster, named
 * in the data directory's postmaster.pid, would keep running. Fast shutdown is SIGINT.
 */
async function stopEmbedded(
  packageStop: () => Promise<void>,
  dataDir: string,
  logger: Logger,
): Promise<void> {
  await Promise.race([packageStop(), sleep(5_000, undefined, { ref: false })]);
  const pid = postmasterPid(dataDir);
  if (pid === null || !alive(pid)) return;
  logger.info({ pid }, 'stopping the restarted embedded PostgreSQL');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && alive(pid); waited += 100) await sleep(100);
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
