/**
 * `npm run chaos`: the hub as `npm start` runs it (every department its own supervised process),
 * on its own embedded PostgreSQL and its own ports, under steady load through the gateway, while
 * each subgraph in turn is killed with SIGKILL, one is frozen with SIGSTOP, PostgreSQL is
 * restarted and finally the whole hub is stopped with SIGTERM. Prints, per fault, the share of
 * answers with an error, the share whose other departments' fields stayed, and the seconds until
 * full answers came back; and how many served unmasked reads lack an audit record.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createDatabase,
  createLogger,
  ensureDatabaseExists,
  mintToken,
  waitUntilHealthy,
} from '@cityhub/kit';
import {
  REPOSITORY_ROOT,
  Supervisor,
  loadSubgraphModules,
  migrateAndSeed,
  type SupervisedService,
} from '@cityhub/launcher';
import { syntheticCity } from '@cityhub/synthetic-city';
import { loadEmbeddedPostgres } from '@cityhub/kit/embedded-postgres';
import { Agent, request } from 'undici';

// Inside the range this clone may use: gateway 4110, subgraphs 4111-4116, PostgreSQL 4129.
const GATEWAY_PORT = 4110;
const PG_PORT = 4129;
const WORKERS = 8;
const JWT_SECRET = 'city-data-hub-chaos-jwt-secret';
const PERSON_ID_KEY = 'city-data-hub-chaos-person-key';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The parts of the load query, and the departments each needs (a person's fields need population too). */
const PARTS: Array<{ path: string[]; departments: string[] }> = [
  { path: ['person', 'name'], departments: ['population'] },
  { path: ['districts'], departments: ['population'] },
  { path: ['person', 'siteAssignments'], departments: ['population', 'sites'] },
  { path: ['sites'], departments: ['sites'] },
  { path: ['person', 'representedEnterprises'], departments: ['population', 'enterprises'] },
  { path: ['enterprises'], departments: ['enterprises'] },
  { path: ['person', 'stationArrivals'], departments: ['population', 'transport'] },
  { path: ['stations'], departments: ['transport'] },
  { path: ['riskModels'], departments: ['risk'] },
  { path: ['personalDataReads'], departments: ['audit'] },
];
const QUERY = (operation: string) => `query ${operation}($id: String!) {
  person(idNumber: $id) {
    name
    siteAssignments { site { id } }
    representedEnterprises { creditCode }
    stationArrivals { arrivedAt }
  }
  districts { code }
  sites(first: 1) { totalCount }
  enterprises(first: 1) { totalCount }
  stations { code }
  riskModels { version }
  personalDataReads(first: 1) { edges { cursor } }
}`;

interface Sample {
  at: number;
  ms: number;
  /** HTTP status, or 0 when the request could not be sent. */
  status: number;
  errors: number;
  /** Indexes of the parts that came back null or missing. */
  missing: Set<number>;
  personServed: boolean;
  operation: string;
}

function valueAt(data: unknown, path: string[]): unknown {
  let value = data;
  for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

async function main(): Promise<void> {
  const logger = createLogger('cityhub-chaos', 'warn');
  const dataDir = join(REPOSITORY_ROOT, '.data/chaos-postgres');
  rmSync(dataDir, { recursive: true, force: true });
  // Without the package's exit hook, which would overwrite this script's exit code.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: PG_PORT,
    user: 'postgres',
    password: 'postgres',
    // Kept across the restart below; removed at the end of the run.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/cityhub_chaos`;
  await ensureDatabaseExists(databaseUrl);
  say(`PostgreSQL (ours) on port ${PG_PORT}; seeding the test city…`);
  const modules = await loadSubgraphModules();
  const city = syntheticCity('test', 20200210);
  await migrateAndSeed({
    modules,
    databaseUrlOf: () => databaseUrl,
    hubDatabaseUrl: databaseUrl,
    city,
    personIdKey: PERSON_ID_KEY,
    logger,
  });

  const shared = {
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    PERSON_ID_KEY,
    JWT_SECRET,
    DATABASE_URL: databaseUrl,
    AUDIT_DATABASE_URL: databaseUrl,
    GATEWAY_URL: `http://127.0.0.1:${GATEWAY_PORT}/graphql`,
  };
  const services: SupervisedService[] = modules.map(({ entry }, index) => ({
    name: entry.name,
    entry: join(REPOSITORY_ROOT, `subgraphs/${entry.name}/src/main.ts`),
    port: GATEWAY_PORT + 1 + index,
    env: { ...shared, [`${entry.name.toUpperCase()}_PORT`]: String(GATEWAY_PORT + 1 + index) },
    healthUrl: `http://127.0.0.1:${GATEWAY_PORT + 1 + index}/health/ready`,
  }));
  services.push({
    name: 'gateway',
    entry: join(REPOSITORY_ROOT, 'gateway/src/main.ts'),
    port: GATEWAY_PORT,
    env: {
      ...shared,
      PORT: String(GATEWAY_PORT),
      HOST: '127.0.0.1',
      GATEWAY_DATABASE_URL: databaseUrl,
      RATE_LIMIT_USER_PER_MINUTE: '10000000',
      ...Object.fromEntries(
        services.map((service) => [
          `${service.name.toUpperCase()}_URL`,
          `http://127.0.0.1:${service.port}/graphql`,
        ]),
      ),
    },
    healthUrl: `http://127.0.0.1:${GATEWAY_PORT}/health/ready`,
  });
  const supervisors = new Map<string, Supervisor>();
  // Ctrl-C stops what this run started: the services, then its PostgreSQL.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void Promise.all([...supervisors.values()].map((supervisor) => supervisor.stop(5_000)))
        .then(() => postgres.stop())
        .finally(() => process.exit(130));
    });
  for (const service of services) {
    const supervisor = new Supervisor(service, (line) => say(`  [launcher] ${line}`));
    supervisors.set(service.name, supervisor);
    await supervisor.start();
    if (!(await waitUntilHealthy(service.healthUrl, { timeoutMs: 90_000 })))
      throw new Error(`${service.name} did not become ready`);
  }
  say('Hub up; load through the gateway with 8 clients.');

  const token = await mintToken(
    { subject: 'chaos', department: 'chaos', roles: ['admin'], expiresIn: '1h' },
    JWT_SECRET,
  );
  const agent = new Agent({ connections: WORKERS, keepAliveTimeout: 10_000 });
  const people = Array.from({ length: 200 }, (_, i) => city.person(i).idNumber);
  const samples: Sample[] = [];
  let operation = 'Chaos';
  let running = true;
  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  const worker = async (w: number) => {
    for (let i = w; running; i += WORKERS) {
      const started = Date.now();
      const op = operation;
      const sample: Sample = {
        at: started,
        ms: 0,
        status: 0,
        errors: 0,
        missing: new Set(PARTS.map((_, index) => index)),
        personServed: false,
        operation: op,
      };
      try {
        const response = await request(gatewayUrl, {
          method: 'POST',
          dispatcher: agent,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-purpose': 'health-code-check',
          },
          body: JSON.stringify({ query: QUERY(op), variables: { id: people[i % people.length] } }),
          headersTimeout: 30_000,
        });
        const body = (await response.body.json()) as { data?: unknown; errors?: unknown[] };
        sample.status = response.statusCode;
        sample.errors = body.errors?.length ?? 0;
        sample.missing = new Set(
          PARTS.flatMap((part, index) => (valueAt(body.data, part.path) == null ? [index] : [])),
        );
        sample.personServed = typeof valueAt(body.data, ['person', 'name']) === 'string';
      } catch {
        await sleep(50);
      }
      sample.ms = Date.now() - started;
      samples.push(sample);
    }
  };
  try {
    await runFaults();
  } finally {
    await Promise.all([...supervisors.values()].map((supervisor) => supervisor.stop(5_000)));
    await Promise.race([postgres.stop(), sleep(10_000)]);
    rmSync(dataDir, { recursive: true, force: true });
  }

  async function runFaults(): Promise<void> {
    const probe = await request(gatewayUrl, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'health-code-check',
      },
      body: JSON.stringify({ query: QUERY('Probe'), variables: { id: people[0] } }),
    });
    const probeBody = (await probe.body.json()) as { errors?: unknown[] };
    if (probe.statusCode !== 200 || probeBody.errors)
      throw new Error(`the load query does not answer in full: ${JSON.stringify(probeBody)}`);
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await sleep(3_000);

    const report: string[] = [];
    const full = (sample: Sample) => sample.status === 200 && sample.errors === 0;
    /** Runs a fault; measures from its start until full answers come back (or the limit). */
    const fault = async (
      label: string,
      department: string | null,
      act: () => Promise<void>,
      restoredAt: () => number,
    ) => {
      const start = Date.now();
      await act();
      let recovered = 0;
      for (let waited = 0; waited < 60_000; waited += 100) {
        const after = samples.filter((sample) => sample.at >= restoredAt() && sample.at >= start);
        const firstFull = after.find(full);
        if (firstFull && after.slice(-WORKERS).every(full)) {
          recovered = firstFull.at + firstFull.ms;
          break;
        }
        await sleep(100);
      }
      const window = samples.filter(
        (sample) => sample.at >= start && sample.at < (recovered || Date.now()),
      );
      const withError = window.filter((sample) => !full(sample)).length;
      const others = PARTS.flatMap((part, index) =>
        department && part.departments.includes(department) ? [] : [index],
      );
      const keptRest = window.filter(
        (sample) => sample.status === 200 && others.every((index) => !sample.missing.has(index)),
      ).length;
      const latencies = window.map((sample) => sample.ms).sort((a, b) => a - b);
      const p50 = latencies[Math.floor(latencies.length / 2)] ?? 0;
      const line = [
        label,
        String(window.length),
        `${((100 * withError) / Math.max(window.length, 1)).toFixed(1)} %`,
        department ? `${((100 * keptRest) / Math.max(window.length, 1)).toFixed(1)} %` : 'n/a',
        `${p50} ms`,
        recovered ? `${((recovered - start) / 1000).toFixed(1)} s` : 'not within 60 s',
      ];
      report.push(`| ${line.join(' | ')} |`);
      say(`  ${label}: ${line.slice(1).join(', ')}`);
      await sleep(1_000);
    };

    for (const { entry } of modules) {
      const supervisor = supervisors.get(entry.name)!;
      await fault(
        `kill -9 ${entry.name}`,
        entry.name,
        async () => {
          process.kill(supervisor.pid!, 'SIGKILL');
        },
        () => 0,
      );
    }
    let resumedAt = Number.POSITIVE_INFINITY;
    await fault(
      'SIGSTOP sites for 10 s',
      'sites',
      async () => {
        const pid = supervisors.get('sites')!.pid!;
        process.kill(pid, 'SIGSTOP');
        setTimeout(() => {
          process.kill(pid, 'SIGCONT');
          resumedAt = Date.now();
        }, 10_000);
      },
      () => resumedAt,
    );
    let restartedAt = Number.POSITIVE_INFINITY;
    await fault(
      'restart PostgreSQL (down 3 s)',
      null,
      async () => {
        await postgres.stop();
        await sleep(3_000);
        await postgres.start();
        restartedAt = Date.now();
      },
      () => restartedAt,
    );

    // SIGTERM to every service under load: each drains; every served unmasked read must be audited.
    operation = `ChaosShutdown_${randomBytes(4).toString('hex')}`;
    await sleep(2_000);
    await Promise.all([...supervisors.values()].map((supervisor) => supervisor.stop()));
    running = false;
    await load;
    await agent.close();
    const served = samples.filter((s) => s.operation === operation && s.personServed).length;
    const audit = createDatabase({ url: databaseUrl, schema: 'audit', poolMax: 1 });
    const [row] = (await audit('personal_data_reads')
      .where({ operation, subgraph: 'population' })
      .count({ records: '*' })) as Array<{ records: number | string }>;
    await audit.destroy();
    const missingAudit = served - Number(row?.records ?? 0);
    say(
      `  SIGTERM the hub under load: ${served} unmasked reads served, ${missingAudit} without an audit record`,
    );
    await postgres.stop();

    say(
      '\n| fault | answers | with an error | rest of the answer kept | p50 | full answers again after |',
    );
    say('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const line of report) say(line);
    say(
      `\nSIGTERM the hub under load: ${served} unmasked reads served, audit records missing: ${missingAudit}.`,
    );
    process.exitCode = missingAudit === 0 ? 0 : 1;
  }
}

await main();
// Whatever handle is left (a pool timer, a keep-alive socket) must not hold the run open.
process.exit();
