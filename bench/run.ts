import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DEVELOPMENT_JWT_SECRET, derivedIdentityKey, personIdFor } from '@cityhub/kit';
import { SUBGRAPHS, defaultSubgraphUrl } from '@cityhub/schema';
import { PRESETS, syntheticCity } from '@cityhub/synthetic-city';
import {
  REPOSITORY_ROOT,
  benchConfig,
  benchDatabaseName,
  type BenchConfig,
} from './bench-config.js';
import type { GatewayProcess } from './gateway-process.js';
import { startHiveGateway, startOurGateway } from './gateways-under-test.js';
import { ensureHiveGateway, type HiveInstallation } from './hive-install.js';
import { directSubgraphSigner, gatewayHeaders, withPurpose } from './hub-credentials.js';
import { startHubUnderTest, type HubUnderTest } from './hub-under-test.js';
import { describeMachine } from './machine.js';
import { ensureYesterdayAssessed } from './risk-data.js';
import { renderMarkdown, type BenchReport, type WorkloadReport } from './report.js';
import {
  runThroughputWorkload,
  runTimedWorkload,
  type RunSettings,
  type Target,
} from './run-workloads.js';
import { inProcessCounters, scrapedCounters, type CounterReader } from './subgraph-counters.js';
import { missingNeeds } from './workload-needs.js';
import { WORKLOADS } from './workloads.js';

/**
 * `npm run bench`: our gateway and Hive Gateway side by side on the hub's workloads, plus the
 * subgraph queried directly where a workload touches one subgraph only. Progress goes to stderr,
 * the Markdown report to stdout and, with its JSON, to bench/results/.
 */
const config = benchConfig();
const log = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = new Date();
const loadAtStart = os.loadavg();
const city = syntheticCity(config.BENCH_PRESET, config.SEED);
const cleanups: Array<() => Promise<void>> = [];
let cleaningUp: Promise<void> | undefined;
const cleanUp = () =>
  (cleaningUp ??= (async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
  })());
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

try {
  const report = await benchmark(config);
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  mkdirSync(config.BENCH_RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const [name, content] of [
    [`${stamp}-${config.BENCH_PRESET}.md`, markdown],
    [`${stamp}-${config.BENCH_PRESET}.json`, json],
    ['latest.md', markdown],
    ['latest.json', json],
  ] as const) {
    writeFileSync(`${config.BENCH_RESULTS_DIR}/${name}`, content);
  }
  process.stdout.write(markdown);
  log(
    `\nWritten to ${config.BENCH_RESULTS_DIR}/${stamp}-${config.BENCH_PRESET}.{md,json} and latest.{md,json}.`,
  );
} catch (error) {
  log(`Benchmark failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

async function benchmark(config: BenchConfig): Promise<BenchReport> {
  const notes: string[] = [];
  let hive: HiveInstallation | null = null;
  if (!config.BENCH_SKIP_HIVE && !config.BENCH_GATEWAY_URL) hive = await ensureHiveGateway();
  const targets: Target[] = [];
  let counters: CounterReader;
  let subgraphUrls: Map<string, string>;
  let supergraphSdl: string;
  let hubUnderTest: HubUnderTest | null = null;
  const token = await gatewayHeaders(DEVELOPMENT_JWT_SECRET);

  if (config.BENCH_GATEWAY_URL) {
    log(
      `Measuring the running hub at ${config.BENCH_GATEWAY_URL} (no Hive side: its subgraphs are not ours to start).`,
    );
    subgraphUrls = new Map(SUBGRAPHS.map((entry) => [entry.name, defaultSubgraphUrl(entry)]));
    counters = scrapedCounters(
      new Map(
        [...subgraphUrls].map(([name, url]) => [name, url.replace(/\/graphql$/, '/metrics')]),
      ),
    );
    supergraphSdl = readFileSync(`${REPOSITORY_ROOT}schema/supergraph.graphql`, 'utf8');
    targets.push({
      name: 'ours',
      url: config.BENCH_GATEWAY_URL,
      kind: 'gateway',
      headers: async (_operation, purpose) => withPurpose(token, purpose),
      pid: null,
    });
    notes.push(
      "Reused a running hub (BENCH_GATEWAY_URL): its gateway's memory is not measured; its seed data and preset are whatever it was started with, and ID numbers are generated for the preset given here.",
    );
  } else {
    log(
      `Preparing the ${config.BENCH_PRESET} preset in database ${benchDatabaseName(config.BENCH_PRESET)}…`,
    );
    hubUnderTest = await startHubUnderTest(config, city);
    const hub = hubUnderTest;
    cleanups.push(() => hub.stop());
    counters = inProcessCounters(hub.hub.subgraphs);
    subgraphUrls = hub.subgraphUrls;
    supergraphSdl = hub.hub.supergraphSdl;
    const gateways: GatewayProcess[] = [await startOurGateway(hub)];
    cleanups.push(() => gateways[0]!.stop());
    const risk = hub.hub.subgraphs.get('risk');
    if (risk) {
      log('Making sure yesterday is assessed, so that the risk dashboards have data…');
      notes.push(await ensureYesterdayAssessed(risk.db, gateways[0]!.url));
    }
    if (hive) {
      const peer = await startHiveGateway(hub, hive);
      cleanups.push(() => peer.stop());
      gateways.push(peer);
    }
    for (const gateway of gateways)
      targets.push({
        name: gateway.name,
        url: gateway.url,
        kind: 'gateway',
        headers: async (_operation, purpose) => withPurpose(token, purpose),
        pid: gateway.pid,
      });
    notes.push(
      'Each gateway runs in a process of its own; the subgraphs run in the bench process, with the load generator; PostgreSQL is a separate process. Gateway RSS is the peak of the gateway process during the run.',
    );
    notes.push(
      'Both gateway processes start through tsx (ours from its TypeScript sources, Hive Gateway from a small TypeScript server file around its published JavaScript), which adds some tens of MB to RSS; `npm run build` output would show less for ours.',
    );
    notes.push(
      "Hive Gateway gets the same per-request work as ours before calling subgraphs: it verifies the bearer token and signs the caller's identity for each subgraph call and its body (Ed25519), as ours does. It does not rate-limit or run our query-cost limits.",
    );
  }

  const settings: RunSettings = {
    durationSeconds: config.BENCH_DURATION,
    warmupSeconds: config.BENCH_WARMUP,
    connections: config.BENCH_CONNECTIONS,
    rounds: config.BENCH_ROUNDS,
    city,
    personIdOf: (idNumber) => personIdFor(idNumber, config.PERSON_ID_KEY),
    headersFor: (claims) => gatewayHeaders(DEVELOPMENT_JWT_SECRET, claims),
    counters,
    log,
  };
  const reports: WorkloadReport[] = [];
  for (const workload of WORKLOADS) {
    if (
      config.BENCH_WORKLOADS.length &&
      !config.BENCH_WORKLOADS.some((name) => workload.name.includes(name))
    )
      continue;
    const missing = missingNeeds(workload.needs, [...subgraphUrls.keys()], supergraphSdl);
    if (missing) {
      reports.push({
        kind: 'skipped',
        name: workload.name,
        title: workload.title,
        reason: missing,
      });
      log(`Skipping ${workload.name}: ${missing}`);
      continue;
    }
    log(`Workload ${workload.name}`);
    const only = workload.needs.subgraphs.length === 1 ? workload.needs.subgraphs[0]! : null;
    const baseline =
      only && hubUnderTest && workload.kind === 'throughput'
        ? subgraphTarget(only, subgraphUrls.get(only)!, hubUnderTest.internalSecret)
        : null;
    const workloadTargets = baseline ? [...targets, baseline] : targets;
    reports.push(
      workload.kind === 'throughput'
        ? await runThroughputWorkload(workload, workloadTargets, settings)
        : await runTimedWorkload(workload, workloadTargets, settings),
    );
  }

  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    preset: config.BENCH_PRESET,
    presetDescription: PRESETS[config.BENCH_PRESET].description,
    seed: config.SEED,
    residents: city.residentCount,
    machine: describeMachine(hive ? { '@graphql-hive/gateway': hive.version } : {}),
    settings: {
      durationSeconds: config.BENCH_DURATION,
      warmupSeconds: config.BENCH_WARMUP,
      connections: config.BENCH_CONNECTIONS,
      rounds: config.BENCH_ROUNDS,
    },
    setup: {
      database: hubUnderTest
        ? `${hubUnderTest.database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, database ${benchDatabaseName(config.BENCH_PRESET)}`
        : "the running hub's",
      seeding: hubUnderTest?.seeding ?? [],
      hiveInstallSeconds: hive?.installSeconds ?? null,
      gatewaysMode: hubUnderTest
        ? `targets: ${targets.map((t) => t.name).join(', ')}, plus the subgraph directly where a workload touches one subgraph`
        : `reused gateway at ${config.BENCH_GATEWAY_URL}`,
    },
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
    subgraphs: [...subgraphUrls.keys()],
    workloads: reports,
    notes: busyMachine(loadAtStart)
      ? [
          ...notes,
          `The machine was busy when the run started (load average ${loadAtStart[0]!.toFixed(1)} on ${os.availableParallelism()} cores): absolute numbers are low; ratios within a round still compare like with like.`,
        ]
      : notes,
  };
}

function busyMachine(loadAverage: number[]): boolean {
  return loadAverage[0]! > os.availableParallelism() * 0.5;
}

/** The subgraph without a gateway: what the gateway's own cost is measured against. */
function subgraphTarget(name: string, url: string, identityPassphrase: string): Target {
  return {
    name: `${name} subgraph directly`,
    url,
    kind: 'subgraph',
    headers: async () => ({}),
    signer: (operationName, purpose) =>
      directSubgraphSigner(
        derivedIdentityKey(identityPassphrase),
        name,
        operationName,
        purpose ?? null,
      ),
    pid: null,
  };
}
