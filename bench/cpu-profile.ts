import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPOSITORY_ROOT } from './bench-config.js';
import { flameGraphSvg, type FlameNode } from './flame-graph.js';

/** A V8 CPU profile as `node --cpu-prof` writes it. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  function: string;
  /** Share of the samples in the window where this function was on top of the stack. */
  percent: number;
  ms: number;
}

export interface ProfileReport {
  service: string;
  samples: number;
  /** Whether the samples were limited to the measured load (else the whole life of the process). */
  windowed: boolean;
  top: SelfTime[];
  /** The flame graph, relative to the repository. */
  flameGraph: string;
}

/**
 * Reads the profiles that `--cpu-prof` left in `dir` for the given services (by pid), keeps the
 * samples taken while the load ran (V8 stamps them on the same monotonic clock as
 * process.hrtime), and writes a flame graph of each to `outDir`.
 */
export function profileSummaries(
  dir: string,
  pids: Map<string, number>,
  services: string[],
  window: { fromUs: number; toUs: number },
  outDir: string,
): ProfileReport[] {
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(dir);
  return services.flatMap((service) => {
    const file = files.find((name) => name.includes(`.${pids.get(service)}.`));
    if (!file) return [];
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const { counts, windowed, total, intervalMs } = sampleCounts(profile, window);
    const svgFile = join(outDir, `${service}.svg`);
    writeFileSync(
      svgFile,
      flameGraphSvg(inclusiveTree(profile, counts), `${service}: gate load, ${total} samples`),
    );
    writeFileSync(join(outDir, `${service}.cpuprofile`), JSON.stringify(profile));
    return [
      {
        service,
        samples: total,
        windowed,
        top: selfTimes(profile, counts, total, intervalMs).slice(0, 25),
        flameGraph: relative(REPOSITORY_ROOT, svgFile),
      },
    ];
  });
}

function sampleCounts(profile: CpuProfile, window: { fromUs: number; toUs: number }) {
  const inWindow = new Map<number, number>();
  const all = new Map<number, number>();
  let at = profile.startTime;
  let kept = 0;
  profile.samples.forEach((node, index) => {
    at += profile.timeDeltas[index] ?? 0;
    all.set(node, (all.get(node) ?? 0) + 1);
    if (at >= window.fromUs && at <= window.toUs) {
      inWindow.set(node, (inWindow.get(node) ?? 0) + 1);
      kept += 1;
    }
  });
  const windowed = kept > 0;
  const total = windowed ? kept : profile.samples.length;
  const spanUs = at - profile.startTime;
  return {
    counts: windowed ? inWindow : all,
    windowed,
    total,
    intervalMs: spanUs / 1000 / Math.max(profile.samples.length, 1),
  };
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const where = frame.url
    ? `${frame.url.replace(/^file:\/\//, '').replace(REPOSITORY_ROOT, '')}:${frame.lineNumber + 1}`
    : '';
  return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

function selfTimes(
  profile: CpuProfile,
  counts: Map<number, number>,
  total: number,
  intervalMs: number,
): SelfTime[] {
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = counts.get(node.id);
    if (!count) continue;
    const name = frameName(node.callFrame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => ({
      function: name,
      percent: (100 * count) / total,
      ms: count * intervalMs,
    }));
}

/** The call tree with each node's samples, its own and its callees'. */
function inclusiveTree(profile: CpuProfile, counts: Map<number, number>): FlameNode {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const build = (id: number): FlameNode => {
    const node = byId.get(id)!;
    const children = (node.children ?? []).map(build).filter((child) => child.value > 0);
    const value = (counts.get(id) ?? 0) + children.reduce((sum, child) => sum + child.value, 0);
    return { name: frameName(node.callFrame), value, children };
  };
  return build(profile.nodes[0]!.id);
}
