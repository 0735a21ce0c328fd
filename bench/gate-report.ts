import type { GateConfig } from './gate-config.js';
import type { GateRun } from './gate-measure.js';
import type { ProfileReport } from './cpu-profile.js';
import type { Lever } from './levers.js';
import type { MachineDescription } from './machine.js';
import { PEER_DIFFERENCES } from './peer-differences.js';

export type { ProfileReport };

export interface GateReport {
  startedAt: string;
  finishedAt: string;
  preset: string;
  machine: MachineDescription;
  settings: GateConfig;
  levers: Lever[];
  loadAverage: { atStart: number[]; atEnd: number[] };
  runs: GateRun[];
  profiles: ProfileReport[];
  notes: string[];
}

const TARGETS = { ratio: 3, serverMs: 0.25, rssMb: 300 };

const median = (values: Array<number | null>): number | null => {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
};
const ms = (value: number | null, digits = 3) => (value === null ? 'n/a' : value.toFixed(digits));
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 2 ** 20).toFixed(0));

function summary(runs: GateRun[]) {
  const of = (pick: (run: GateRun) => number | null) => median(runs.map(pick));
  return {
    rps: of((run) => run.wrk.requestsPerSecond),
    p50: of((run) => run.wrk.p50Ms),
    p99: of((run) => run.wrk.p99Ms),
    gateway: of((run) => run.cpuPerRequest.gateway),
    population: of((run) => run.cpuPerRequest.population),
    audit: of((run) => run.cpuPerRequest.audit),
    postgres: of((run) => run.cpuPerRequest.postgres),
    rest: of((run) => run.cpuPerRequest.rest),
    server: of((run) => run.cpuPerRequest.server),
    wrk: of((run) => run.loadGeneratorMsPerRequest),
    rss: runs.at(-1)?.gatewayRssBytes ?? null,
    failures: runs.reduce((sum, run) => sum + run.wrk.socketErrors + run.wrk.non2xx, 0),
  };
}

/** The gate report: figures per configuration, the peer's ratio, each lever's effect, the profile. */
export function renderGateReport(report: GateReport): string {
  const lines: string[] = [];
  const configurations = [...new Set(report.runs.map((run) => run.configuration))];
  const m = report.machine;
  lines.push(
    `# Health-code gate — ${report.startedAt}`,
    '',
    `Preset \`${report.preset}\`; ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ` +
      `load average ${report.loadAverage.atStart[0]!.toFixed(1)} at start, ${report.loadAverage.atEnd[0]!.toFixed(1)} at end. ` +
      `wrk, ${report.settings.BENCH_WRK_THREADS} thread(s), ${report.settings.BENCH_CONNECTIONS} connections, ` +
      `${report.settings.BENCH_DURATION} s per run after ${report.settings.BENCH_WARMUP} s of warm-up, ` +
      `${report.settings.BENCH_ROUNDS} rounds alternating the order; ${report.settings.BENCH_GATE_PEOPLE} residents drawn at random per request.`,
    '',
    'The hub runs as `npm start` runs it (the launcher, each service a process of its own, tsx from the sources, the embedded PostgreSQL). ' +
      'CPU is read from /proc for each process before and after each run (children that exited included) and divided by the answers: ' +
      '**server** = gateway + every subgraph + PostgreSQL + the launcher; the load generator is reported apart.',
    '',
    '| configuration | gateway | req/s | p50 ms | p99 ms | server CPU ms/req | gateway | population | audit subgraph | PostgreSQL | rest | wrk ms/req | gateway RSS MB | failures |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const configuration of configurations)
    for (const target of ['ours', 'hive'] as const) {
      const runs = report.runs.filter(
        (run) => run.configuration === configuration && run.target === target,
      );
      if (runs.length === 0) continue;
      const s = summary(runs);
      lines.push(
        `| ${configuration} | ${target} | ${ms(s.rps, 0)} | ${ms(s.p50, 1)} | ${ms(s.p99, 1)} | **${ms(s.server)}** | ${ms(s.gateway)} | ${ms(s.population)} | ${ms(s.audit)} | ${ms(s.postgres)} | ${ms(s.rest)} | ${ms(s.wrk)} | ${mb(s.rss)} | ${s.failures} |`,
      );
    }
  lines.push('', ...targetLines(report), ...leverLines(report), ...profileLines(report.profiles));
  lines.push(
    '',
    '## How the peer is set up differently',
    '',
    ...PEER_DIFFERENCES.map((d) => `- ${d}`),
  );
  if (report.notes.length) lines.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

function targetLines(report: GateReport): string[] {
  const allOn = report.runs.filter((run) => run.configuration === 'all levers on');
  const ours = summary(allOn.filter((run) => run.target === 'ours'));
  const rounds = [...new Set(allOn.map((run) => run.round))];
  const ratios = rounds.flatMap((round) => {
    const pair = allOn.filter((run) => run.round === round);
    const a = pair.find((run) => run.target === 'ours');
    const b = pair.find((run) => run.target === 'hive');
    return a && b ? [a.wrk.requestsPerSecond / b.wrk.requestsPerSecond] : [];
  });
  const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'not met');
  const ratio = median(ratios);
  return [
    '## Targets (all levers on)',
    '',
    '| target | measured | |',
    '| --- | ---: | --- |',
    `| gate ≥ ${TARGETS.ratio}× Hive Gateway (per round: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ') || 'n/a'}) | ${ms(ratio, 2)}× | ${verdict(ratio === null ? null : ratio >= TARGETS.ratio)} |`,
    `| server CPU ≤ ${TARGETS.serverMs} ms per request | ${ms(ours.server)} ms | ${verdict(ours.server === null ? null : ours.server <= TARGETS.serverMs)} |`,
    `| gateway RSS < ${TARGETS.rssMb} MB after the bench | ${mb(ours.rss)} MB | ${verdict(ours.rss === null ? null : ours.rss / 2 ** 20 < TARGETS.rssMb)} |`,
    `| requests a second two cores would carry at that CPU | ${ours.server ? ms(2_000 / ours.server, 0) : 'n/a'} | |`,
    '',
  ];
}

function leverLines(report: GateReport): string[] {
  if (report.levers.length === 0) return [];
  const ours = (configuration: string) =>
    summary(
      report.runs.filter((run) => run.configuration === configuration && run.target === 'ours'),
    );
  const allOn = ours('all levers on');
  const lines = [
    '## Levers (our gateway; each measured with the others on)',
    '',
    '| lever | what it does | server ms/req on | off | req/s on | off |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const lever of report.levers) {
    const without = ours(report.levers.length > 1 ? `without ${lever.name}` : 'all levers off');
    lines.push(
      `| ${lever.name} | ${lever.description} | ${ms(allOn.server)} | ${ms(without.server)} | ${ms(allOn.rps, 0)} | ${ms(without.rps, 0)} |`,
    );
  }
  const off = ours('all levers off');
  lines.push(
    `| all together | | ${ms(allOn.server)} | ${ms(off.server)} | ${ms(allOn.rps, 0)} | ${ms(off.rps, 0)} |`,
    '',
  );
  return lines;
}

function profileLines(profiles: ProfileReport[]): string[] {
  return profiles.flatMap((profile) => [
    `## Profile: ${profile.service} (self time, ${profile.samples} samples${profile.windowed ? ' during the load' : ', whole process life'})`,
    '',
    `Flame graph: [${profile.flameGraph}](../../${profile.flameGraph})`,
    '',
    '| % | ms | function |',
    '| ---: | ---: | --- |',
    ...profile.top.map(
      (entry) =>
        `| ${entry.percent.toFixed(1)} | ${entry.ms.toFixed(0)} | \`${entry.function.replace(/\|/g, '\\|')}\` |`,
    ),
    '',
  ]);
}
