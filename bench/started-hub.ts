import { spawn } from 'node:child_process';
import { SUBGRAPHS } from '@cityhub/schema';
import { REPOSITORY_ROOT } from './bench-config.js';
import { childrenNamed, parentPid } from './cpu-time.js';
import { freePort } from './gateway-process.js';

/** The hub as `npm start` runs it: the launcher, and below it each service in a process of its own. */
export interface StartedHub {
  gatewayUrl: string;
  /** Subgraph URLs by name, on the ports this start chose. */
  subgraphUrls: Map<string, string>;
  launcherPid: number;
  /** Service processes by name (`gateway`, each subgraph), as the launcher announced them. */
  servicePids: Map<string, number>;
  /** The embedded PostgreSQL's postmaster, a child of the launcher. */
  postgresPid: number | null;
  stop(): Promise<void>;
}

export interface StartHubOptions {
  preset: string;
  /** The embedded PostgreSQL's data, kept between runs so that the seed is done once. */
  postgresDir: string;
  /** Settings for every service (levers), passed in the launcher's environment, which they inherit. */
  env: Record<string, string>;
  /** Node flags for the launcher and, through it, every service (NODE_OPTIONS). */
  nodeOptions: string;
  /**
   * Node flags NODE_OPTIONS refuses (`--cpu-prof`): the launcher is then started as `npm start`
   * starts it, node with the tsx loader, without npm; it hands its flags on to every service.
   */
  execArgv?: string[];
  log(line: string): void;
}

/**
 * Runs `npm start` itself (tsx from the TypeScript sources, NODE_ENV unset: the launcher says
 * development), on free ports and the bench's own embedded PostgreSQL, so that another hub on
 * this machine is neither reused nor disturbed. The launcher prints each service's pid once all
 * are healthy; those are the processes whose CPU the gate counts.
 */
export async function startHubAsNpmStart(options: StartHubOptions): Promise<StartedHub> {
  const ports: Record<string, string> = { PORT: String(await freePort()) };
  for (const { name } of SUBGRAPHS) ports[`${name.toUpperCase()}_PORT`] = String(await freePort());
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...ports,
    // The bench's database is its own: never a DATABASE_URL of the caller's or the demo's data.
    DATABASE_URL: undefined,
    EMBEDDED_POSTGRES_DIR: options.postgresDir,
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    SEED_PRESET: options.preset,
    // One bench client sends thousands of requests a second; the per-user limit is not under test.
    RATE_LIMIT_USER_PER_MINUTE: '1000000000',
    NODE_OPTIONS: options.nodeOptions || undefined,
    ...options.env,
  };
  const [command, args] = options.execArgv?.length
    ? [
        process.execPath,
        [
          ...options.execArgv,
          '--conditions=development',
          '--import',
          'tsx',
          `${REPOSITORY_ROOT}scripts/start.ts`,
        ],
      ]
    : ['npm', ['start']];
  const child = spawn(command, args, {
    cwd: REPOSITORY_ROOT,
    env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it reaches npm, tsx and the launcher together.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // Seeding progress and the services' warnings, for the bench's terminal.
    if (!/^\s*$/.test(text)) options.log(text.trimEnd());
  });
  let launcher: number | undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is empty already
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // The launcher stops its services and PostgreSQL in order (each drains, profiles get
      // written); before it is known, the whole group. npm and tsx exit with it.
      if (launcher) process.kill(launcher, 'SIGTERM');
      else signalGroup('SIGTERM');
      const killer = setTimeout(() => signalGroup('SIGKILL'), 60_000);
      await exited;
      clearTimeout(killer);
    }
    // A launcher that gave up (a service not healthy in time) leaves its services running.
    signalGroup('SIGKILL');
  };
  try {
    await waitFor(() => output.includes('City Data Hub is up.'), exited, 900_000);
    // The launcher's pids come after the banner line; let the whole banner arrive.
    await waitFor(() => /Press Ctrl-C/.test(output), exited, 10_000);
  } catch (error) {
    await stop();
    throw new Error(`npm start did not come up: ${(error as Error).message}\n${output}`);
  }
  const servicePids = new Map<string, number>();
  const gateway = /Gateway process\s+\(pid (\d+)\)/.exec(output);
  if (gateway) servicePids.set('gateway', Number(gateway[1]));
  for (const match of output.matchAll(/^\s+(\w+) subgraph\s+\S+ \(pid (\d+)\)/gm))
    servicePids.set(match[1]!, Number(match[2]));
  const launcherPid = parentPid(servicePids.get('gateway')!);
  launcher = launcherPid;
  return {
    gatewayUrl: `http://127.0.0.1:${ports.PORT}/graphql`,
    subgraphUrls: new Map(
      SUBGRAPHS.map(({ name }) => [
        name,
        `http://127.0.0.1:${ports[`${name.toUpperCase()}_PORT`]}/graphql`,
      ]),
    ),
    launcherPid,
    servicePids,
    postgresPid: childrenNamed(launcherPid, 'postgres')[0] ?? null,
    stop,
  };
}

async function waitFor(
  condition: () => boolean,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (gone) throw new Error('the launcher exited');
    if (Date.now() > until) throw new Error(`not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
