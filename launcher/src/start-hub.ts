import { join } from 'node:path';
import {
  createLogger,
  SERVICE_IDENTITIES,
  isDevelopmentEnvironment,
  mintToken,
  serviceKeyVariable,
  parseConfig,
  waitUntilHealthy,
} from '@cityhub/kit';
import { syntheticCity } from '@cityhub/synthetic-city';
import { openConfiguredHubDatabase } from './database-setup.js';
import {
  REPOSITORY_ROOT,
  databaseUrlFor,
  hubEnvironment,
  subgraphPortFor,
  type HubConfig,
} from './hub-config.js';
import { migrateAndSeed, progressPrinter } from './prepare.js';
import { loadSubgraphModules } from './subgraph-modules.js';
import { Supervisor, type SupervisedService } from './supervisor.js';

// Run from TypeScript sources in development, from dist/ after `npm run build`.
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * `npm start`: the database, migrations, demo data when missing, every subgraph and the gateway as
 * separate processes (as departments would run them), then waits for Ctrl-C and stops it all.
 */
export async function startHub(): Promise<void> {
  const config = parseConfig(hubEnvironment) as HubConfig;
  const logger = createLogger('cityhub', config.LOG_LEVEL ?? 'info');
  const database = await openConfiguredHubDatabase(config, logger);
  let stopping = false;
  const services: SupervisedService[] = [];
  const supervisors: Supervisor[] = [];
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const stopAll = async () => {
    // A second Ctrl-C does not wait for the services to drain.
    if (stopping) process.exit(1);
    stopping = true;
    say('\nStopping the hub (Ctrl-C again to stop at once)…');
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);

  const modules = await loadSubgraphModules();
  const databaseUrlOf = (name: string) => databaseUrlFor(config, name, database.url);
  await migrateAndSeed({
    modules,
    databaseUrlOf,
    hubDatabaseUrl: database.url,
    city: syntheticCity(config.SEED_PRESET, config.SEED),
    personIdKey: config.PERSON_ID_KEY,
    logger,
    onProgress: progressPrinter(),
  });

  const childLogLevel = config.LOG_LEVEL ?? 'warn';
  const shared = {
    LOG_LEVEL: childLogLevel,
    PERSON_ID_KEY: config.PERSON_ID_KEY,
    // Said once here: each service uses development keys only because the launcher says development.
    ...(config.NODE_ENV ? { NODE_ENV: config.NODE_ENV } : {}),
    ...(config.HUB_ENV ? { HUB_ENV: config.HUB_ENV } : {}),
    AUDIT_DATABASE_URL: databaseUrlOf('audit'),
    // The embedded event log (without NATS_URL) lives with the events department's data.
    EVENTS_DATABASE_URL: databaseUrlOf('events'),
    // The nightly risk run signs in at the gateway with its own service key, not with JWT_SECRET.
    GATEWAY_URL: `http://127.0.0.1:${config.PORT}/graphql`,
  };
  // A ready development token, so that the explorer's first query works; never in production.
  const demoToken = !isDevelopmentEnvironment(config)
    ? null
    : await mintToken(
        {
          subject: 'demo-official',
          department: 'xuhui-operations-centre',
          roles: ['district-official'],
          expiresIn: '30d',
        },
        config.JWT_SECRET,
      );
  // The operations-centre screen signs in as `viewer` (aggregates only) with a token in the link.
  const screenToken = !demoToken
    ? null
    : await mintToken(
        {
          subject: 'demo-screen',
          department: 'xuhui-operations-centre',
          roles: ['viewer'],
          expiresIn: '30d',
        },
        config.JWT_SECRET,
      );
  const subgraphUrls: Record<string, string> = {};
  for (const { entry } of modules) {
    const prefix = entry.name.toUpperCase();
    const port = subgraphPortFor(config, entry.name);
    subgraphUrls[`${prefix}_URL`] = `http://127.0.0.1:${port}/graphql`;
    services.push({
      name: entry.name,
      entry: serviceEntry(`subgraphs/${entry.name}`),
      env: {
        ...shared,
        [`${prefix}_PORT`]: String(port),
        [`${prefix}_DATABASE_URL`]: databaseUrlOf(entry.name),
      },
      // Only the gateway verifies users' tokens and signs identities; only the risk run holds its key.
      withhold: [
        'JWT_SECRET',
        'HUB_IDENTITY_PRIVATE_KEY',
        ...Object.keys(SERVICE_IDENTITIES)
          .filter((service) => SERVICE_IDENTITIES[service]!.department !== entry.name)
          .map((service) => serviceKeyVariable(service, 'PRIVATE')),
      ],
      port,
      healthUrl: `http://127.0.0.1:${port}/health/ready`,
    });
  }
  services.push({
    name: 'gateway',
    entry: serviceEntry('gateway'),
    env: {
      ...shared,
      ...subgraphUrls,
      PORT: String(config.PORT),
      JWT_SECRET: config.JWT_SECRET,
      GATEWAY_DATABASE_URL: database.url,
      ...(demoToken ? { EXPLORER_AUTHORIZATION: `Bearer ${demoToken}` } : {}),
    },
    withhold: Object.keys(SERVICE_IDENTITIES).map((service) =>
      serviceKeyVariable(service, 'PRIVATE'),
    ),
    port: config.PORT,
    // Alive is enough for the gateway: ready would also need every subgraph, which it reports.
    healthUrl: `http://127.0.0.1:${config.PORT}/health/live`,
  });

  for (const service of services) {
    if (stopping) return;
    const supervisor = new Supervisor(service, say);
    supervisors.push(supervisor);
    await supervisor.start();
    await waitForHealth(service);
  }
  const processOf = (name: string) => {
    const supervisor = supervisors[services.findIndex((service) => service.name === name)]!;
    return supervisor.isSteppedAside ? '(started by hand)' : `(pid ${supervisor.pid})`;
  };
  const lines = [
    '',
    'City Data Hub is up.',
    `  Gateway and explorer  http://localhost:${config.PORT}/graphql`,
    `  Gateway process       ${processOf('gateway')}`,
    `  Health                http://localhost:${config.PORT}/health/ready (liveness: /health/live)`,
    `  Event stream (SSE)    http://localhost:${config.PORT}/events/stream${config.NATS_URL ? '  (events on NATS)' : ''}`,
    ...modules.map(
      ({ entry }) =>
        `  ${`${entry.name} subgraph`.padEnd(22)}${subgraphUrls[`${entry.name.toUpperCase()}_URL`]} ${processOf(entry.name)}`,
    ),
    `  Database              ${database.embedded ? `embedded PostgreSQL on port ${config.EMBEDDED_POSTGRES_PORT}, data in ${config.EMBEDDED_POSTGRES_DIR}` : 'DATABASE_URL'}`,
    `  Demo data             preset "${config.SEED_PRESET}", seed ${config.SEED}`,
    ...(demoToken
      ? [
          '',
          'A development token (role district-official, 30 days; the explorer page already uses it):',
          `  Authorization: Bearer ${demoToken}`,
          '  Add the header "x-purpose: <code>" (one of the `purposes` query) to see personal data unmasked; every such read is audited.',
          '  More tokens and API keys: npm run hub:token -- --help',
          '',
          'The operations-centre screen, signed in as viewer (the token stays in the browser tab):',
          `  http://localhost:${config.PORT}/screen#token=${screenToken}`,
        ]
      : []),
    'A crashed service is restarted (1 s, 2 s, 4 s… up to 30 s; given up after 8 in a row).',
    'To restart one department: kill <its pid> (back in 15 s). Press Ctrl-C to stop the hub.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function serviceEntry(folder: string): string {
  return join(REPOSITORY_ROOT, folder, FROM_SOURCES ? 'src/main.ts' : 'dist/main.js');
}

async function waitForHealth(service: SupervisedService, timeoutMs = 60_000): Promise<void> {
  if (await waitUntilHealthy(service.healthUrl, { timeoutMs, intervalMs: 200 })) return;
  throw new Error(
    `${service.name} did not become healthy at ${service.healthUrl} within ${timeoutMs / 1000} s`,
  );
}
