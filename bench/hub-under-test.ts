import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEVELOPMENT_IDENTITY_PASSPHRASE,
  SERVICE_IDENTITIES,
  derivedIdentityKey,
  DEVELOPMENT_JWT_SECRET,
  createLogger,
  ensureDatabaseExists,
} from '@cityhub/kit';
import {
  loadSubgraphModules,
  migrateAndSeed,
  openHubDatabase,
  progressPrinter,
  startHubInProcess,
  type HubDatabase,
  type InProcessHub,
} from '@cityhub/launcher';
import { createRiskSubgraph } from '@cityhub/risk';
import type { SyntheticCity } from '@cityhub/synthetic-city';
import pg from 'pg';
import { benchDatabaseName, type BenchConfig } from './bench-config.js';

/** How long each subgraph took to migrate and seed, and whether its data were already there. */
export interface SeedTiming {
  subgraph: string;
  seconds: number;
  /** Loaded now, found already loaded (a resumable seed with nothing left to do), or no demo data at all. */
  outcome: 'seeded' | 'already seeded' | 'no demo data';
}

export interface HubUnderTest {
  database: HubDatabase;
  hub: InProcessHub;
  seeding: SeedTiming[];
  /** The supergraph composed with the in-process subgraphs' URLs, for both gateways to serve. */
  supergraphFile: string;
  subgraphUrls: Map<string, string>;
  jwtSecret: string;
  internalSecret: string;
  stop(): Promise<void>;
}

/**
 * The bench's own database (never the demo's), migrated and seeded subgraph by subgraph with the
 * time each took, and the real subgraphs running in this process. The gateways under test run in
 * processes of their own (see gateways-under-test.ts); the in-process gateway is only the launcher's.
 */
export async function startHubUnderTest(
  config: BenchConfig,
  city: SyntheticCity,
): Promise<HubUnderTest> {
  const logger = createLogger('cityhub-bench', 'warn');
  const database = await openHubDatabase({
    databaseUrl: config.DATABASE_URL
      ? withDatabase(config.DATABASE_URL, benchDatabaseName(config.BENCH_PRESET))
      : undefined,
    embeddedDir: config.BENCH_POSTGRES_DIR,
    embeddedPort: config.BENCH_POSTGRES_PORT,
    databaseName: benchDatabaseName(config.BENCH_PRESET),
    logger,
  });
  if (config.BENCH_FRESH) await recreateDatabase(database.url);
  // The nightly risk run is a client of a gateway: here the hub's in-process one, known once it starts.
  let runGatewayUrl = '';
  const modules = (await loadSubgraphModules()).map((module) =>
    module.entry.name === 'risk'
      ? {
          ...module,
          subgraph: createRiskSubgraph(() => ({
            url: runGatewayUrl,
            servicePrivateKey: derivedIdentityKey(DEVELOPMENT_IDENTITY_PASSPHRASE, 'risk-run'),
            timeoutMs: 600_000,
          })) as never,
        }
      : module,
  );
  const databaseUrlOf = () => database.url;
  const seeding: SeedTiming[] = [];
  const printProgress = progressPrinter();
  for (const module of modules) {
    const started = performance.now();
    let progressed = false;
    await migrateAndSeed({
      modules: [module],
      databaseUrlOf,
      hubDatabaseUrl: database.url,
      city,
      personIdKey: config.PERSON_ID_KEY,
      logger,
      onProgress: (subgraph, progress) => {
        progressed = true;
        printProgress(subgraph, progress);
      },
    });
    const outcome = !module.seed ? 'no demo data' : progressed ? 'seeded' : 'already seeded';
    seeding.push({
      subgraph: module.entry.name,
      seconds: (performance.now() - started) / 1000,
      outcome,
    });
  }
  const jwtSecret = DEVELOPMENT_JWT_SECRET;
  const internalSecret = DEVELOPMENT_IDENTITY_PASSPHRASE;
  const hub = await startHubInProcess({
    modules,
    databaseUrlOf,
    hubDatabaseUrl: database.url,
    personIdKey: config.PERSON_ID_KEY,
    jwtSecret,
    identityKey: derivedIdentityKey(internalSecret),
    servicePublicKeys: new Map(
      Object.keys(SERVICE_IDENTITIES).map((service) => [
        service,
        [createPublicKey(derivedIdentityKey(internalSecret, service))],
      ]),
    ),
    logger,
  });
  runGatewayUrl = hub.gateway.url;
  const supergraphFile = join(mkdtempSync(join(tmpdir(), 'cityhub-bench-')), 'supergraph.graphql');
  writeFileSync(supergraphFile, hub.supergraphSdl);
  return {
    database,
    hub,
    seeding,
    supergraphFile,
    subgraphUrls: new Map([...hub.subgraphs].map(([name, running]) => [name, running.url])),
    jwtSecret,
    internalSecret,
    async stop() {
      await hub.stop();
      await database.stop();
    },
  };
}

/** Drops and recreates the bench's own database (never another: the name is always cityhub_bench_<preset>). */
async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('cityhub_bench_'))
    throw new Error(`refusing to drop ${name}: not a bench database`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabaseExists(url);
}

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}
