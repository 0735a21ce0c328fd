import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onHost } from './network.js';
import { REPOSITORY_ROOT, STATE_DIR, type HostName } from './topology.js';

const PIDS = join(STATE_DIR, 'pids');
export const LOGS = join(STATE_DIR, 'logs');

/**
 * Starts a long-running process on a simulated host, detached from the caller, with its output in
 * logs/<name>.log and its id in pids/<name>, so that `cluster:down` (another process) can stop it.
 */
export function startOnHost(
  name: string,
  host: HostName,
  argv: string[],
  env: Record<string, string> = {},
): number {
  mkdirSync(PIDS, { recursive: true });
  mkdirSync(LOGS, { recursive: true });
  const log = openSync(join(LOGS, `${name}.log`), 'a');
  // `ip netns exec` execs the command itself, so the id is the service's own.
  const child = spawn(onHost(host)[0]!, [...onHost(host).slice(1), ...argv], {
    detached: true,
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  child.unref();
  writeFileSync(join(PIDS, name), String(child.pid));
  return child.pid!;
}

export function pidOf(name: string): number | null {
  try {
    return Number(readFileSync(join(PIDS, name), 'utf8'));
  } catch {
    return null;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops one process by its recorded id: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(
  name: string,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5_000,
) {
  const pid = pidOf(name);
  if (pid === null) return;
  if (isRunning(pid)) process.kill(pid, signal);
  for (const deadline = Date.now() + graceMs; isRunning(pid) && Date.now() < deadline;)
    await sleep(100);
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  rmSync(join(PIDS, name), { force: true });
}

/** Every process the cluster recorded, in the reverse order of their start. */
export function recordedProcesses(): string[] {
  try {
    return readdirSync(PIDS);
  } catch {
    return [];
  }
}
