import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createLogger, ensureDatabaseExists } from '@cityhub/kit';
import {
  REPOSITORY_ROOT,
  loadSubgraphModules,
  migrateAndSeed,
  openHubDatabase,
  type HubDatabase,
} from '@cityhub/launcher';
import { syntheticCity } from '@cityhub/synthetic-city';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  TEMPLATE_VARIABLE,
  TEST_PERSON_ID_KEY,
  TEST_REFERENCE_DATE,
  TEST_SEED,
} from './constants.js';
import { machineServicePlan } from './machine-services.js';
import { peerGatewayPlan } from './peer-gateway.js';
import { browserPlan } from './browser.js';
import { libreOfficePlan } from './libreoffice.js';

let database: HubDatabase | undefined;
let testDatabaseUrl: string | undefined;
let templateName: string | undefined;

/**
 * One real PostgreSQL for the run: TEST_DATABASE_URL or DATABASE_URL when set, otherwise the
 * embedded one. Every run gets a fresh database, migrated and seeded with the small `test` preset,
 * and drops it at the end.
 */
export async function setup(project: TestProject): Promise<void> {
  const peer = peerGatewayPlan();
  if (!peer.run) process.stdout.write(`npm test: ${peer.reason}.\n`);
  const browser = browserPlan();
  if (!browser.run) process.stdout.write(`npm test: ${browser.reason}.\n`);
  const libreOffice = libreOfficePlan();
  if (!libreOffice.run) process.stdout.write(`npm test: ${libreOffice.reason}.\n`);
  const nats = await machineServicePlan('nats');
  if (!nats.run) process.stdout.write(`npm test: ${nats.reason}.\n`);
  const mqtt = await machineServicePlan('mqtt');
  if (!mqtt.run) process.stdout.write(`npm test: ${mqtt.reason}.\n`);
  const redis = await machineServicePlan('redis');
  if (!redis.run) process.stdout.write(`npm test: ${redis.reason}.\n`);
  const logger = createLogger('cityhub-test', 'warn');
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  database = await openHubDatabase({
    databaseUrl: serverUrl,
    embeddedDir: `${REPOSITORY_ROOT}.data/test-postgres`,
    // A free port unless one is given: runs in two checkouts at once must not collide.
    embeddedPort: Number(process.env.EMBEDDED_POSTGRES_TEST_PORT ?? (await freePort())),
    databaseName: 'postgres',
    logger,
  });
  const name = `cityhub_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  testDatabaseUrl = withDatabase(database.url, name);
  // A vitest run started by a test (the gate's fixtures) copies its parent's seeded database.
  const parentTemplate = process.env[TEMPLATE_VARIABLE];
  if (parentTemplate) await copyDatabase(database.url, parentTemplate, name);
  else {
    await ensureDatabaseExists(testDatabaseUrl);
    await migrateAndSeed({
      modules: await loadSubgraphModules(),
      databaseUrlOf: () => testDatabaseUrl!,
      hubDatabaseUrl: testDatabaseUrl,
      city: syntheticCity('test', TEST_SEED, TEST_REFERENCE_DATE),
      personIdKey: TEST_PERSON_ID_KEY,
      logger,
    });
    // Copied before any test writes to it: the seeded state, for the gate's own vitest runs.
    templateName = `${name}_seeded`;
    await copyDatabase(database.url, name, templateName);
  }
  project.provide('databaseUrl', testDatabaseUrl);
  project.provide('serverUrl', database.url);
  project.provide('seededTemplate', templateName ?? parentTemplate ?? '');
}

export async function teardown(): Promise<void> {
  if (testDatabaseUrl && database) {
    const admin = new pg.Client({ connectionString: withDatabase(database.url, 'postgres') });
    await admin.connect();
    for (const dropped of [new URL(testDatabaseUrl).pathname.slice(1), templateName])
      if (dropped) await admin.query(`DROP DATABASE IF EXISTS "${dropped}" WITH (FORCE)`);
    await admin.end();
  }
  await database?.stop();
}

/** CREATE DATABASE … TEMPLATE: a file copy, much faster than migrating and seeding again. */
async function copyDatabase(serverUrl: string, from: string, to: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${to}" TEMPLATE "${from}" STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
}

export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
