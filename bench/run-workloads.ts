import type { TokenClaims } from '@cityhub/kit';
import type { SyntheticCity } from '@cityhub/synthetic-city';
import { cpuPerRequest, readCpu, type CpuPerRequest } from './cpu-time.js';
import { rssOf } from './gateway-process.js';
import { BENCH_PURPOSE } from './hub-credentials.js';
import { drive } from './load.js';
import { seededRandom } from './random.js';
import {
  median,
  type ThroughputRun,
  type ThroughputWorkloadReport,
  type TimedWorkloadReport,
  type TargetSummary,
} from './report.js';
import { difference, perRequest, type CounterReader } from './subgraph-counters.js';
import type {
  GatewayClient,
  GraphQLRequestBody,
  ThroughputWorkload,
  TimedWorkload,
} from './workload.js';

/** Something the load is sent to: a gateway, or a subgraph directly (the baseline). */
export interface Target {
  name: string;
  url: string;
  kind: 'gateway' | 'subgraph';
  /** Request headers for a stated purpose (null: none); a function because signed identities expire. */
  headers(operationName: string | null, purpose: string | null): Promise<Record<string, string>>;
  /** Headers signed for each request's body (a subgraph called directly accepts each identity once). */
  signer?(
    operationName: string | null,
    purpose: string | null,
  ): Promise<(body: string) => Record<string, string>>;
  /** The gateway's own process, whose memory and CPU time are read during each run; null for a subgraph baseline. */
  pid: number | null;
}

export interface RunSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  rounds: number;
  city: SyntheticCity;
  personIdOf(idNumber: string): string;
  /** Gateway headers of another caller than the benchmark's (timed workloads). */
  headersFor(claims: TokenClaims): Promise<Record<string, string>>;
  counters: CounterReader;
  /** Progress lines (stderr); the report itself goes to stdout. */
  log(line: string): void;
}

const MiB = 2 ** 20;

function purposeOf(workload: ThroughputWorkload): string | null {
  return workload.purpose === undefined ? BENCH_PURPOSE : workload.purpose;
}

export async function runThroughputWorkload(
  workload: ThroughputWorkload,
  targets: Target[],
  settings: RunSettings,
): Promise<ThroughputWorkloadReport> {
  const bodyFor = (round: number): (() => GraphQLRequestBody) | GraphQLRequestBody => {
    const fixed = { query: workload.operation, operationName: workload.operationName };
    if (!workload.variables) return fixed;
    const context = {
      city: settings.city,
      random: seededRandom(round + 1),
      personIdOf: settings.personIdOf,
    };
    const variables = workload.variables;
    return () => ({ ...fixed, variables: variables(context) });
  };
  const check: Record<string, string> = {};
  for (const target of targets) {
    const body = bodyFor(0);
    check[target.name] = await firstAnswer(
      target,
      typeof body === 'function' ? body() : body,
      workload.operationName,
      purposeOf(workload),
    );
    if (settings.warmupSeconds > 0)
      await drive({
        url: target.url,
        headers: await target.headers(workload.operationName, purposeOf(workload)),
        sign: await target.signer?.(workload.operationName, purposeOf(workload)),
        body,
        connections: settings.connections,
        durationSeconds: settings.warmupSeconds,
      });
  }
  const runs: ThroughputRun[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    // Alternate which gateway goes first: the machine drifts within a round too.
    const order =
      round % 2 === 1
        ? targets
        : [
            ...targets.filter((t) => t.kind === 'gateway').reverse(),
            ...targets.filter((t) => t.kind !== 'gateway'),
          ];
    for (const target of order) {
      settings.log(`  ${workload.name}: round ${round}, ${target.name}…`);
      const before = await settings.counters();
      const cpuBefore = readCpu(target.pid);
      const rssBytes = () => (target.pid === null ? null : rssOf(target.pid));
      let peakRss = rssBytes();
      const sampler = setInterval(() => {
        const rss = rssBytes();
        if (rss !== null && (peakRss === null || rss > peakRss)) peakRss = rss;
      }, 250);
      const result = await drive({
        url: target.url,
        headers: await target.headers(workload.operationName, purposeOf(workload)),
        sign: await target.signer?.(workload.operationName, purposeOf(workload)),
        body: bodyFor(round),
        connections: settings.connections,
        durationSeconds: settings.durationSeconds,
      });
      clearInterval(sampler);
      const cpuAfter = readCpu(target.pid);
      const after = await settings.counters();
      runs.push({
        ...result,
        round,
        target: target.name,
        gatewayRssMiB: target.kind === 'gateway' && peakRss !== null ? peakRss / MiB : null,
        sqlPerRequest: perRequest(before.sql, after.sql, result.requests),
        subgraphCallsPerRequest: perRequest(before.requests, after.requests, result.requests),
        cpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, result.requests),
      });
      settings.log(
        `    ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms} ms, ${result.errors + result.non2xx + result.graphqlErrors} failed`,
      );
    }
  }
  const ratios = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const ours = runs.find((run) => run.round === round && run.target === 'ours');
    const hive = runs.find((run) => run.round === round && run.target === 'hive');
    if (ours && hive)
      ratios.push({
        round,
        throughput: ours.requestsPerSecond / hive.requestsPerSecond,
        p99: ours.p99Ms / hive.p99Ms,
      });
  }
  const summary = targets.map((t) =>
    summarize(
      t.name,
      runs.filter((run) => run.target === t.name),
    ),
  );
  return {
    kind: 'throughput',
    name: workload.name,
    title: workload.title,
    operation: workload.operation,
    check,
    runs,
    summary,
    ratios,
    capacity: capacityFor(workload, summary),
  };
}

export async function runTimedWorkload(
  workload: TimedWorkload,
  targets: Target[],
  settings: RunSettings,
): Promise<TimedWorkloadReport> {
  const runs: TimedWorkloadReport['runs'] = [];
  const gateways = targets.filter((target) => target.kind === 'gateway');
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? gateways : [...gateways].reverse();
    for (const target of order) {
      settings.log(`  ${workload.name}: round ${round}, ${target.name}…`);
      const before = await settings.counters();
      // Each gateway gets rounds of its own (distinct enterprises and people), so that no run finds another's data.
      const runIndex = round * 10 + gateways.indexOf(target);
      try {
        const connect = async (claims?: TokenClaims) =>
          clientOf(
            target.url,
            claims ? await settings.headersFor(claims) : await target.headers(null, BENCH_PURPOSE),
          );
        const seconds = await workload.run(connect, {
          city: settings.city,
          random: seededRandom(runIndex),
          personIdOf: settings.personIdOf,
          round: runIndex,
        });
        runs.push({
          round,
          target: target.name,
          seconds,
          sqlStatements: difference(before.sql, (await settings.counters()).sql),
        });
      } catch (error) {
        runs.push({
          round,
          target: target.name,
          seconds: {},
          sqlStatements: difference(before.sql, (await settings.counters()).sql),
          error: (error as Error).message.slice(0, 300),
        });
      }
    }
  }
  return { kind: 'timed', name: workload.name, title: workload.title, runs };
}

function summarize(target: string, runs: ThroughputRun[]): TargetSummary {
  const sqlNames = [...new Set(runs.flatMap((run) => Object.keys(run.sqlPerRequest)))];
  const rss = runs
    .map((run) => run.gatewayRssMiB)
    .filter((value): value is number => value !== null);
  return {
    target,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    graphqlErrors: runs.reduce((sum, run) => sum + run.graphqlErrors, 0),
    gatewayRssMiB: rss.length ? Math.max(...rss) : null,
    sqlPerRequest: Object.fromEntries(
      sqlNames.map((name) => [name, median(runs.map((run) => run.sqlPerRequest[name] ?? 0))]),
    ),
    cpuMsPerRequest: {
      machine: medianOrNull(runs.map((run) => run.cpuMsPerRequest.machine)),
      gateway: medianOrNull(runs.map((run) => run.cpuMsPerRequest.gateway)),
      bench: medianOrNull(runs.map((run) => run.cpuMsPerRequest.bench)),
    },
  };
}

/** Cores a workload's target rate would take at the CPU our whole stack spent per request here. */
function capacityFor(
  workload: ThroughputWorkload,
  summary: TargetSummary[],
): ThroughputWorkloadReport['capacity'] {
  const ours = summary.find((s) => s.target === 'ours');
  if (!workload.targetRequestsPerSecond || ours?.cpuMsPerRequest.machine == null) return null;
  const coresAt = (ms: number | null) =>
    ms === null ? null : (workload.targetRequestsPerSecond! * ms) / 1000;
  return {
    requestsPerSecond: workload.targetRequestsPerSecond,
    machineCores: coresAt(ours.cpuMsPerRequest.machine)!,
    gatewayCores: coresAt(ours.cpuMsPerRequest.gateway),
  };
}

function medianOrNull(values: Array<number | null>): CpuPerRequest['machine'] {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? median(known) : null;
}

async function firstAnswer(
  target: Target,
  body: GraphQLRequestBody,
  operationName: string,
  purpose: string | null,
): Promise<string> {
  try {
    const text = JSON.stringify(body);
    const sign = await target.signer?.(operationName, purpose);
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await target.headers(operationName, purpose)),
        ...sign?.(text),
      },
      body: text,
    });
    const answerText = await response.text();
    const answer = JSON.parse(answerText) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    if (answer.errors?.length)
      return `HTTP ${response.status} with errors: ${answer.errors
        .map((e) => `${e.extensions?.code ?? ''} ${e.message}`.trim())
        .join('; ')
        .slice(0, 200)}`;
    // The size shows an answer that is well-formed but empty (a null map measures nothing).
    return answer.data
      ? `HTTP ${response.status}, data (${Buffer.byteLength(answerText).toLocaleString('en')} bytes), no errors`
      : `HTTP ${response.status}, no data`;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}

function clientOf(url: string, headers: Record<string, string>): GatewayClient {
  return {
    async request(body) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return (await response.json()) as never;
    },
  };
}
