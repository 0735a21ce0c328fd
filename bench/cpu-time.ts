import { readFileSync } from 'node:fs';

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
