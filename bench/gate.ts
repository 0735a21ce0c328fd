import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_IDENTITY_PASSPHRASE, DEVELOPMENT_JWT_SECRET } from '@cityhub/kit';
import { syntheticCity } from '@cityhub/synthetic-city';
import { REPOSITORY_ROOT } from './bench-config.js';
import { profileSummaries } from './cpu-profile.js';
import { gateConfig, gatePostgresDir } from './gate-config.js';
import { measureGate, type GateRun, type GateTarget } from './gate-measure.js';
import { renderGateReport, type GateReport, type ProfileReport } from './gate-report.js';
import { startHiveGateway } from './gateways-under-test.js';
import { ensureHiveGateway } from './hive-install.js';
import { gatewayHeaders } from './hub-credentials.js';
import { LEVERS, hubConfigurations, type HubConfiguration } from './levers.js';
import { describeMachine } from './machine.js';
import { startHubAsNpmStart, type StartedHub } from './started-hub.js';
import type { ThroughputWorkload } from './workload.js';
import { WORKLOADS } from './workloads.js';

/**
 * `npm run bench:gate`: the health-code gate against the hub as `npm start` runs it, driven by wrk,
 * with the server's CPU per request read from /proc of its processes; Hive Gateway beside it on
 * the same subgraphs; each lever of bench/levers.ts on and off. Report: bench/results/gate-*.md.
 */
const config = gateConfig();
const log = (line: string) => process.stderr.write(`${line}\n`);
const gate = gateWorkload();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const city = syntheticCity(config.BENCH_PRESET, config.SEED);
const idNumbers = Array.from(
  { length: Math.min(config.BENCH_GATE_PEOPLE, city.residentCount) },
  (_, index) =>
    city.person(Math.floor((index * city.residentCount) / config.BENCH_GATE_PEOPLE)).idNumber,
);
const headers = await gatewayHeaders(DEVELOPMENT_JWT_SECRET);
const chosen =
  config.BENCH_LEVERS === 'all'
    ? LEVERS
    : LEVERS.filter((lever) => config.BENCH_LEVERS.split(',').includes(lever.name));
const hive = config.BENCH_SKIP_HIVE ? null : await ensureHiveGateway();
const runs: GateRun[] = [];
const profiles: ProfileReport[] = [];
const notes: string[] = [];

for (const configuration of hubConfigurations(chosen, hive !== null)) {
  log(`\n== ${configuration.name}`);
  await withHub(configuration, [], async (hub, targets) => {
    for (const target of targets) await warmUp(hub, target);
    for (let round = 1; round <= config.BENCH_ROUNDS; round += 1) {
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      for (const target of order) {
        const run = await measureGate(hub, target, load(config.BENCH_DURATION));
        runs.push({ ...run, configuration: configuration.name, round });
        log(
          `${configuration.name}, ${target.name}, round ${round}: ${run.wrk.requestsPerSecond.toFixed(0)} req/s, server ${run.cpuPerRequest.server?.toFixed(3)} ms/request`,
        );
      }
    }
  });
}

if (config.BENCH_CPU_PROF) {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-gate-prof-'));
  const [allOn] = hubConfigurations(chosen, false);
  log('\n== profiling the gateway and population (--cpu-prof), levers on');
  let window = { fromUs: 0, toUs: 0 };
  let pids = new Map<string, number>();
  await withHub(allOn!, ['--cpu-prof', `--cpu-prof-dir=${dir}`], async (hub, [ours]) => {
    await warmUp(hub, ours!);
    pids = hub.servicePids;
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    await measureGate(hub, ours!, load(config.BENCH_DURATION));
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  });
  const outDir = join(config.BENCH_RESULTS_DIR, `gate-${stamp()}-profiles`);
  profiles.push(...profileSummaries(dir, pids, ['gateway', 'population'], window, outDir));
}

const report: GateReport = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  preset: config.BENCH_PRESET,
  machine: describeMachine({
    wrk: 'Debian wrk',
    ...(hive ? { '@graphql-hive/gateway': hive.version } : {}),
  }),
  settings: config,
  levers: chosen,
  loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
  runs,
  profiles,
  notes,
};
const markdown = renderGateReport(report);
mkdirSync(config.BENCH_RESULTS_DIR, { recursive: true });
for (const [name, content] of [
  [`gate-${stamp()}-${config.BENCH_PRESET}.md`, markdown],
  [`gate-${stamp()}-${config.BENCH_PRESET}.json`, `${JSON.stringify(report, null, 2)}\n`],
  ['gate-latest.md', markdown],
])
  writeFileSync(join(config.BENCH_RESULTS_DIR, name!), content!);
process.stdout.write(markdown);

function gateWorkload(): ThroughputWorkload {
  const found = WORKLOADS.find((workload) => workload.name === 'health-code-gate');
  if (found?.kind !== 'throughput') throw new Error('no health-code-gate throughput workload');
  return found;
}

function stamp(): string {
  return startedAt.toISOString().replace(/[:.]/g, '-');
}

function load(durationSeconds: number) {
  return {
    headers,
    query: gate.operation,
    operationName: gate.operationName,
    idNumbers,
    connections: config.BENCH_CONNECTIONS,
    threads: config.BENCH_WRK_THREADS,
    durationSeconds,
  };
}

/** Starts the hub (and the peer on its subgraphs), runs `work`, and stops both whatever happens. */
async function withHub(
  configuration: HubConfiguration,
  profileFlags: string[],
  work: (hub: StartedHub, targets: GateTarget[]) => Promise<void>,
): Promise<void> {
  const hub = await startHubAsNpmStart({
    preset: config.BENCH_PRESET,
    postgresDir: gatePostgresDir(config),
    env: configuration.env,
    nodeOptions: configuration.nodeOptions,
    execArgv: profileFlags,
    log,
  });
  const stopHub = () => hub.stop();
  process.once('SIGINT', stopHub);
  let peer: Awaited<ReturnType<typeof startHiveGateway>> | null = null;
  try {
    const targets: GateTarget[] = [
      { name: 'ours', url: hub.gatewayUrl, gatewayPid: hub.servicePids.get('gateway')! },
    ];
    if (configuration.withPeer && hive) {
      peer = await startHiveGateway(
        {
          supergraphFile: supergraphFor(hub.subgraphUrls),
          subgraphUrls: hub.subgraphUrls,
          jwtSecret: DEVELOPMENT_JWT_SECRET,
          internalSecret: DEVELOPMENT_IDENTITY_PASSPHRASE,
        },
        hive,
        { HIVE_TOKEN_CACHE: config.BENCH_PEER_TOKEN_CACHE },
      );
      targets.push({ name: 'hive', url: peer.url, gatewayPid: peer.pid });
    }
    await work(hub, targets);
  } finally {
    await peer?.stop();
    await hub.stop();
    process.off('SIGINT', stopHub);
  }
}

/** The composed supergraph with the subgraph URLs of this start, for the peer to serve. */
function supergraphFor(urls: Map<string, string>): string {
  const sdl = readFileSync(`${REPOSITORY_ROOT}schema/supergraph.graphql`, 'utf8').replace(
    /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
    (whole, name: string) =>
      urls.has(name) ? `@join__graph(name: "${name}", url: "${urls.get(name)}")` : whole,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'cityhub-gate-')), 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}

/** A first answer checked for errors, then load without measuring, so that JIT and pools are warm. */
async function warmUp(hub: StartedHub, target: GateTarget): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: gate.operation,
      operationName: gate.operationName,
      variables: { idNumber: idNumbers[0] },
    }),
  });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"') || !text.includes('"color"'))
    throw new Error(`${target.name} does not answer the gate: ${response.status} ${text}`);
  if (config.BENCH_WARMUP > 0) await measureGate(hub, target, load(config.BENCH_WARMUP));
}
