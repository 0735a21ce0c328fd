import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SupervisedService {
  name: string;
  entry: string;
  env: Record<string, string>;
  /** Secrets of the launcher's environment this service must not see. */
  withhold?: string[];
  port: number;
  /** Where the launcher waits for the service at start. */
  healthUrl: string;
}

export interface RestartPolicy {
  /** The first restart waits this long; each next one twice as long, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Restarts in a row (without a run of `stableMs`) before the launcher gives up on the service. */
  maxRestarts: number;
  /** A run this long counts as healthy again: the next crash starts the backoff from the beginning. */
  stableMs: number;
  /** How often a service that stepped aside checks whether its port is free again. */
  portCheckMs: number;
  /**
   * How long after a clean stop (an operator's SIGTERM) the launcher waits before starting the
   * service again: room for a copy started by hand, which takes some 8 s to listen from sources.
   */
  cleanStopDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRestarts: 8,
  stableMs: 60_000,
  portCheckMs: 5_000,
  cleanStopDelayMs: 15_000,
};

type Say = (line: string) => void;

/**
 * Runs one service as a child process and keeps it running: a crash is restarted after 1 s, 2 s,
 * 4 s… up to 30 s, and after `maxRestarts` crashes in a row the launcher gives up on it (the rest
 * of the hub keeps answering). When the service's port is taken, by a copy an operator started by
 * hand, the launcher steps aside and takes over again once the port is free.
 */
export class Supervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private steppedAside = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly service: SupervisedService,
    private readonly say: Say,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether a copy started by hand holds the service's port. */
  get isSteppedAside(): boolean {
    return this.steppedAside;
  }

  /** Starts the supervision loop; resolves once the first copy (ours or one by hand) is started. */
  async start(): Promise<void> {
    let started!: () => void;
    const first = new Promise<void>((resolve) => (started = resolve));
    void this.run(started);
    await first;
  }

  private async run(started: () => void): Promise<void> {
    while (!this.stopping) {
      if (await portTaken(this.service.port)) {
        if (!this.steppedAside)
          this.say(
            `${this.service.name}: port ${this.service.port} is taken, by a copy started by hand? ` +
              `The launcher leaves ${this.service.name} to it and takes over when the port is free.`,
          );
        this.steppedAside = true;
        started();
        await this.pause(this.policy.portCheckMs);
        continue;
      }
      if (this.steppedAside)
        this.say(`${this.service.name}: port ${this.service.port} is free again; starting ours.`);
      this.steppedAside = false;
      const startedAt = Date.now();
      const exit = this.spawn();
      started();
      const { code, signal } = await exit;
      if (this.stopping) return;
      if (Date.now() - startedAt >= this.policy.stableMs) this.restarts = 0;
      // Lost a race for the port with a copy started by hand: not a crash.
      if (await portTaken(this.service.port)) continue;
      if (code === 0) {
        // Drained and exited on a signal from an operator: room for a copy started by hand.
        this.say(
          `${this.service.name} stopped cleanly; starting it again in ` +
            `${(this.policy.cleanStopDelayMs / 1000).toFixed(0)} s unless a copy started by hand takes port ${this.service.port}`,
        );
        await this.pause(this.policy.cleanStopDelayMs);
        continue;
      }
      this.restarts += 1;
      if (this.restarts > this.policy.maxRestarts) {
        this.say(
          `${this.service.name} exited (${signal ?? code}) ${this.restarts} times in a row; ` +
            'giving up on it (the rest of the hub keeps running). Fix the cause, then restart the hub.',
        );
        return;
      }
      const delay = Math.min(
        this.policy.firstDelayMs * 2 ** (this.restarts - 1),
        this.policy.maxDelayMs,
      );
      this.say(
        `${this.service.name} exited (${signal ?? code}); restart ${this.restarts} of ` +
          `${this.policy.maxRestarts} in ${(delay / 1000).toFixed(0)} s`,
      );
      await this.pause(delay);
    }
  }

  private spawn(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = spawn(process.execPath, [...process.execArgv, this.service.entry], {
      env: Object.fromEntries(
        Object.entries({ ...process.env, ...this.service.env }).filter(
          ([name]) => !this.service.withhold?.includes(name),
        ),
      ),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.child = child;
    return new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
  }

  private async pause(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wake = () => controller.abort();
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => {});
    this.wake = undefined;
  }

  /** Stops supervising and stops our copy: SIGTERM (it drains), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  }
}

/** Whether something accepts connections on the port of the loopback. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
