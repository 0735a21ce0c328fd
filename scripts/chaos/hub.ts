import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, ensureDatabaseExists, waitUntilHealthy } from '@cityhub/kit';
import {
  REPOSITORY_ROOT,
  Supervisor,
  loadSubgraphModules,
  migrateAndSeed,
  type SupervisedService,
} from '@cityhub/launcher';
import { syntheticCity } from '@cityhub/synthetic-city';
import { loadEmbeddedPostgres } from '@cityhub/kit/embedded-postgres';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The chaos run's own hub: its ports, secrets and data directory. */
export const CHAOS = {
  // Inside the range this clone may use: gateway 4110, subgraphs 4111-4116, PostgreSQL 4129.
  gatewayPort: 4110,
  pgPort: 4129,
  jwtSecret: 'city-data-hub-chaos-jwt-secret',
  personIdKey: 'city-data-hub-chaos-person-key',
  dataDir: join(REPOSITORY_ROOT, '.data/chaos-postgres'),
};

/** A fresh embedded PostgreSQL in the run's data directory, started, with the test city seeded. */
export async function startSeededPostgres() {
  rmSync(CHAOS.dataDir, { recursive: true, force: true });
  // Without the package's exit hook, which would overwrite this script's exit code.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: CHAOS.dataDir,
    port: CHAOS.pgPort,
    user: 'postgres',
    password: 'postgres',
    // Kept across the restart of the run; removed at its end.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${CHAOS.pgPort}/cityhub_chaos`;
  await ensureDatabaseExists(databaseUrl);
  say(`PostgreSQL (ours) on port ${CHAOS.pgPort}; seeding the test city…`);
  const modules = await loadSubgraphModules();
  const city = syntheticCity('test', 20200210);
  await migrateAndSeed({
    modules,
    databaseUrlOf: () => databaseUrl,
    hubDatabaseUrl: databaseUrl,
    city,
    personIdKey: CHAOS.personIdKey,
    logger: createLogger('cityhub-chaos', 'warn'),
  });
  return { postgres, databaseUrl, modules, city };
}

/** Every department on its own port, then the gateway over them, as `npm start` runs them. */
function hubServices(departments: string[], databaseUrl: string): SupervisedService[] {
  const port = CHAOS.gatewayPort;
  const shared = {
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    PERSON_ID_KEY: CHAOS.personIdKey,
    JWT_SECRET: CHAOS.jwtSecret,
    DATABASE_URL: databaseUrl,
    AUDIT_DATABASE_URL: databaseUrl,
    GATEWAY_URL: `http://127.0.0.1:${port}/graphql`,
  };
  const services: SupervisedService[] = departments.map((name, index) => ({
    name,
    entry: join(REPOSITORY_ROOT, `subgraphs/${name}/src/main.ts`),
    port: port + 1 + index,
    env: { ...shared, [`${name.toUpperCase()}_PORT`]: String(port + 1 + index) },
    healthUrl: `http://127.0.0.1:${port + 1 + index}/health/ready`,
  }));
  const urls = services.map((service) => [
    `${service.name.toUpperCase()}_URL`,
    `http://127.0.0.1:${service.port}/graphql`,
  ]);
  services.push({
    name: 'gateway',
    entry: join(REPOSITORY_ROOT, 'gateway/src/main.ts'),
    port,
    env: {
      ...shared,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATEWAY_DATABASE_URL: databaseUrl,
      RATE_LIMIT_USER_PER_MINUTE: '10000000',
      ...Object.fromEntries(urls),
    },
    healthUrl: `http://127.0.0.1:${port}/health/ready`,
  });
  return services;
}

/**
 * Starts the hub's services one after the other, each supervised and ready before the next; Ctrl-C
 * stops what the run started (the services, then `stopPostgres`). The supervisors by service name.
 */
export async function startHub(
  departments: string[],
  databaseUrl: string,
  stopPostgres: () => Promise<void>,
): Promise<Map<string, Supervisor>> {
  const supervisors = new Map<string, Supervisor>();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void stopAll(supervisors, 5_000)
        .then(stopPostgres)
        .finally(() => process.exit(130));
    });
  for (const service of hubServices(departments, databaseUrl)) {
    const supervisor = new Supervisor(service, (line) => say(`  [launcher] ${line}`));
    supervisors.set(service.name, supervisor);
    await supervisor.start();
    if (!(await waitUntilHealthy(service.healthUrl, { timeoutMs: 90_000 })))
      throw new Error(`${service.name} did not become ready`);
  }
  return supervisors;
}

/** Stops every service (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAll(supervisors: Map<string, Supervisor>, graceMs?: number) {
  await Promise.all([...supervisors.values()].map((supervisor) => supervisor.stop(graceMs)));
}
