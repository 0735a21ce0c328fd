import { readFileSync, readdirSync } from 'node:fs';

// Linux counts CPU time in ticks of USER_HZ, which is 100 on every mainstream build.
const TICK_MS = 10;

/** Milliseconds of CPU the whole machine has spent busy, all cores together (idle, I/O wait and steal left out); null off Linux. */
export function machineBusyMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
    return (user + nice + system + irq + softirq) * TICK_MS;
  } catch {
    return null;
  }
}

/** Milliseconds of CPU one process has used (user and system); null off Linux or once it has gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (command) ", the state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU spent by the machine, the target's gateway process and the bench process (subgraphs and load generator), read before and after a run. */
export interface CpuReading {
  machine: number | null;
  gateway: number | null;
  bench: number;
}

export function readCpu(gatewayPid: number | null): CpuReading {
  const own = process.cpuUsage();
  return {
    machine: machineBusyMs(),
    gateway: gatewayPid === null ? null : processCpuMs(gatewayPid),
    bench: (own.user + own.system) / 1000,
  };
}

export interface CpuPerRequest {
  machine: number | null;
  gateway: number | null;
  bench: number | null;
}

export function cpuPerRequest(
  before: CpuReading,
  after: CpuReading,
  requests: number,
): CpuPerRequest {
  const per = (a: number | null, b: number | null) =>
    a === null || b === null || requests === 0 ? null : (b - a) / requests;
  return {
    machine: per(before.machine, after.machine),
    gateway: per(before.gateway, after.gateway),
    bench: per(before.bench, after.bench),
  };
}

/** Parent and CPU of every live process, from /proc/<pid>/stat: pid → [ppid, own CPU ms, reaped children's CPU ms, command]. */
function processTable(): Map<
  number,
  { ppid: number; ownMs: number; reapedMs: number; command: string }
> {
  const table = new Map<
    number,
    { ppid: number; ownMs: number; reapedMs: number; command: string }
  >();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        ownMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        reapedMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
        command,
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/**
 * CPU of a process and everything below it, in ms: each live one's own time plus the time of
 * children already reaped (PostgreSQL backends that closed, a restarted service), so that nothing
 * spent during a run escapes the count.
 */
export function processTreeCpuMs(root: number): number | null {
  const table = processTable();
  if (!table.has(root)) return null;
  let total = 0;
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    const entry = table.get(pid)!;
    total += entry.ownMs + entry.reapedMs;
    for (const [child, info] of table) if (info.ppid === pid) pending.push(child);
  }
  return total;
}

/** The direct children of a process whose command (as /proc shows it, 15 characters) is `command`. */
export function childrenNamed(parent: number, command: string): number[] {
  return [...processTable()]
    .filter(([, info]) => info.ppid === parent && info.command === command)
    .map(([pid]) => pid);
}

/** The parent of a process (field 4 of /proc/<pid>/stat). */
export function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
