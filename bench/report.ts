import type { CpuPerRequest } from './cpu-time.js';
import type { LoadResult } from './load.js';
import type { MachineDescription } from './machine.js';
import type { SeedTiming } from './hub-under-test.js';

/** One measured run of one target. */
export interface ThroughputRun extends LoadResult {
  round: number;
  target: string;
  /** Peak resident set size of the gateway process during the run (null for a subgraph baseline). */
  gatewayRssMiB: number | null;
  /** SQL statements per request, by subgraph: delta of the subgraph's counter over requests answered. */
  sqlPerRequest: Record<string, number>;
  /** Subgraph requests per gateway request, by subgraph (de-duplication and batching show here). */
  subgraphCallsPerRequest: Record<string, number>;
  /** CPU milliseconds per request answered: the whole machine (load generator included), the gateway process, the bench process (subgraphs and load generator). */
  cpuMsPerRequest: CpuPerRequest;
}

/** A target's figures over the rounds. */
export type TargetSummary = Omit<ThroughputRun, 'round' | 'requests' | 'subgraphCallsPerRequest'>;

export interface ThroughputWorkloadReport {
  kind: 'throughput';
  name: string;
  title: string;
  operation: string;
  /** First answer of each target, checked before load: did it answer data without errors? */
  check: Record<string, string>;
  runs: ThroughputRun[];
  /** Medians over rounds (p99: the worst round). */
  summary: TargetSummary[];
  /** ours/hive per round, measured back to back. */
  ratios: Array<{ round: number; throughput: number; p99: number }>;
  /** For a workload with a target rate: the cores it would take at the CPU our stack spent per request here. */
  capacity: { requestsPerSecond: number; machineCores: number; gatewayCores: number | null } | null;
}

export interface TimedWorkloadReport {
  kind: 'timed';
  name: string;
  title: string;
  runs: Array<{
    round: number;
    target: string;
    seconds: Record<string, number>;
    sqlStatements: Record<string, number>;
    error?: string;
  }>;
}

export interface SkippedWorkload {
  kind: 'skipped';
  name: string;
  title: string;
  reason: string;
}

export type WorkloadReport = ThroughputWorkloadReport | TimedWorkloadReport | SkippedWorkload;

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  preset: string;
  presetDescription: string;
  seed: number;
  residents: number;
  machine: MachineDescription;
  settings: { durationSeconds: number; warmupSeconds: number; connections: number; rounds: number };
  setup: {
    database: string;
    seeding: SeedTiming[];
    hiveInstallSeconds: number | null;
    gatewaysMode: string;
  };
  /** 1-, 5- and 15-minute load averages: other work on the machine skews every number. */
  loadAverage: { atStart: number[]; atEnd: number[] };
  subgraphs: string[];
  workloads: WorkloadReport[];
  notes: string[];
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(`# Benchmark: ${report.startedAt}`, '');
  lines.push(
    `Preset \`${report.preset}\` (${report.presetDescription}; ${report.residents.toLocaleString('en')} residents, seed ${report.seed}); subgraphs: ${report.subgraphs.join(', ')}.`,
    '',
  );
  lines.push('## Machine', '');
  lines.push(
    `- ${m.cores} cores, ${m.cpuModel}; ${m.memoryGiB} GiB memory; ${m.platform}; Node ${m.node}`,
  );
  lines.push(
    `- ${Object.entries(m.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  );
  lines.push(`- ${report.setup.gatewaysMode}`);
  lines.push(
    `- Load average (1/5/15 min) at start ${report.loadAverage.atStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${report.loadAverage.atEnd.map((v) => v.toFixed(2)).join(' / ')}`,
  );
  lines.push(
    `- Load: autocannon, ${report.settings.connections} connections, ${report.settings.durationSeconds} s per run after a ${report.settings.warmupSeconds} s warm-up, ${report.settings.rounds} round(s), targets alternated each round; loopback; gateway, subgraphs, PostgreSQL and load generator share the machine.`,
  );
  lines.push(
    `- Database: ${report.setup.database}; seeding: ${report.setup.seeding.map((s) => `${s.subgraph} ${s.seconds.toFixed(1)} s${s.outcome === 'seeded' ? '' : ` (${s.outcome})`}`).join(', ')}${report.setup.hiveInstallSeconds ? `; Hive Gateway install ${report.setup.hiveInstallSeconds.toFixed(0)} s` : ''}`,
  );
  lines.push('');
  lines.push('## Summary', '');
  lines.push(
    '| workload | target | req/s | p50 ms | p99 ms | errors / non-2xx / GraphQL errors | gateway RSS MiB | SQL per request | CPU ms per request: machine / gateway |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | --- | ---: | --- | --- |');
  for (const workload of report.workloads) {
    if (workload.kind !== 'throughput') continue;
    for (const s of workload.summary) {
      lines.push(
        `| ${workload.name} | ${s.target} | ${fmt(s.requestsPerSecond, 0)} | ${fmt(s.p50Ms, 1)} | ${fmt(s.p99Ms, 1)} | ${s.errors} / ${s.non2xx} / ${s.graphqlErrors} | ${s.gatewayRssMiB === null ? 'n/a' : fmt(s.gatewayRssMiB, 0)} | ${sqlText(s.sqlPerRequest)} | ${cpuText(s.cpuMsPerRequest)} |`,
      );
    }
  }
  lines.push('');
  const withRatios = report.workloads.filter(
    (w): w is ThroughputWorkloadReport => w.kind === 'throughput' && w.ratios.length > 0,
  );
  if (withRatios.length) {
    lines.push('### Ours / Hive Gateway, measured back to back in each round', '');
    lines.push(
      '| workload | throughput ratio per round | median | p99 ratio per round (lower is better for us) |',
    );
    lines.push('| --- | --- | ---: | --- |');
    for (const w of withRatios) {
      lines.push(
        `| ${w.name} | ${w.ratios.map((r) => `${fmt(r.throughput, 2)}×`).join(', ')} | ${fmt(median(w.ratios.map((r) => r.throughput)), 2)}× | ${w.ratios.map((r) => fmt(r.p99, 2)).join(', ')} |`,
      );
    }
    lines.push('');
  }
  for (const workload of report.workloads) {
    lines.push(`## ${workload.name}`, '', workload.title, '');
    if (workload.kind === 'skipped') {
      lines.push(`Skipped: ${workload.reason}`, '');
      continue;
    }
    if (workload.kind === 'timed') {
      for (const run of workload.runs)
        lines.push(
          `- round ${run.round}, ${run.target}: ${
            run.error
              ? `failed: ${run.error}`
              : Object.entries(run.seconds)
                  .map(([step, s]) => `${step} ${fmt(s, 2)}`)
                  .join(', ')
          }; SQL ${sqlText(run.sqlStatements)}`,
        );
      lines.push('');
      continue;
    }
    lines.push('```graphql', workload.operation, '```', '');
    lines.push(
      `First answers: ${Object.entries(workload.check)
        .map(([target, outcome]) => `${target} ${outcome}`)
        .join('; ')}.`,
      '',
    );
    if (workload.capacity) {
      const c = workload.capacity;
      lines.push(
        `Capacity: at the CPU our stack spent per request here, ${fmt(c.requestsPerSecond, 0)} requests a second take about ${fmt(c.machineCores, 1)} cores in all (gateway ${c.gatewayCores === null ? 'n/a' : fmt(c.gatewayCores, 1)}; the load generator's share included, so an upper bound); this machine has ${report.machine.cores}.`,
        '',
      );
    }
    lines.push(
      '| round | target | req/s | p50 ms | p99 ms | requests | errors | non-2xx | GraphQL errors | RSS MiB | SQL per request | subgraph calls per request | CPU ms per request: machine / gateway / bench process |',
    );
    lines.push(
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    );
    for (const r of workload.runs) {
      lines.push(
        `| ${r.round} | ${r.target} | ${fmt(r.requestsPerSecond, 0)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${r.requests} | ${r.errors} | ${r.non2xx} | ${r.graphqlErrors} | ${r.gatewayRssMiB === null ? 'n/a' : fmt(r.gatewayRssMiB, 0)} | ${sqlText(r.sqlPerRequest)} | ${sqlText(r.subgraphCallsPerRequest)} | ${cpuText(r.cpuMsPerRequest, true)} |`,
      );
    }
    lines.push('');
  }
  if (report.notes.length)
    lines.push('## Notes', '', ...report.notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value)
    ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
}

function cpuText(cpu: CpuPerRequest, withBench = false): string {
  const ms = (value: number | null) => (value === null ? 'n/a' : fmt(value, 2));
  return [cpu.machine, cpu.gateway, ...(withBench ? [cpu.bench] : [])].map(ms).join(' / ');
}

function sqlText(values: Record<string, number>): string {
  const entries = Object.entries(values).filter(([, value]) => value > 0);
  return entries.length
    ? entries.map(([name, value]) => `${name} ${fmt(value, 2)}`).join(', ')
    : '0';
}
