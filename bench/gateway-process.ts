import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { waitUntilHealthy } from '@cityhub/kit';
import { REPOSITORY_ROOT } from './bench-config.js';

/** A gateway under test, in a process of its own so that its memory and CPU are its own. */
export interface GatewayProcess {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  name: string;
  /** A TypeScript entry run through tsx, relative to the repository root. */
  entry: string;
  env: Record<string, string>;
  port: number;
  /** Health endpoint path on the same port. */
  healthPath: string;
  graphqlPath?: string;
}

// Only what a gateway needs from the bench's environment: no database or Redis of the caller's.
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG'];

export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    APOLLO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  for (const name of INHERITED) if (process.env[name]) env[name] ??= process.env[name]!;
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', `${REPOSITORY_ROOT}${options.entry}`],
    {
      cwd: REPOSITORY_ROOT,
      env,
      // The gateway's warnings go to the bench's stderr; stdout is the report's.
      stdio: ['ignore', 2, 2],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(`${base}${options.healthPath}`, child);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return {
    name: options.name,
    url: `${base}${options.graphqlPath ?? '/graphql'}`,
    pid: child.pid!,
    stop: () => stopChild(child, exited),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** RSS of a process from /proc (Linux); the report says "n/a" elsewhere. */
export function rssOf(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  if (await waitUntilHealthy(url, { timeoutMs, giveUp: () => child.exitCode !== null })) return;
  if (child.exitCode !== null)
    throw new Error(`gateway process exited with ${child.exitCode} before answering ${url}`);
  throw new Error(`no healthy answer from ${url} within ${timeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
