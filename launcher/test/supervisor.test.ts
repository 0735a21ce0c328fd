import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Supervisor, portTaken, type RestartPolicy } from '../src/supervisor.js';

const folder = mkdtempSync(join(tmpdir(), 'cityhub-supervisor-'));
const crashing = join(folder, 'crashing.mjs');
writeFileSync(crashing, 'process.exit(3);\n');
const stoppingCleanly = join(folder, 'stopping-cleanly.mjs');
writeFileSync(stoppingCleanly, 'process.exit(0);\n');
const listening = join(folder, 'listening.mjs');
writeFileSync(
  listening,
  "import net from 'node:net';\nnet.createServer().listen(Number(process.env.PORT), '127.0.0.1');\n",
);
const fast: RestartPolicy = {
  firstDelayMs: 20,
  maxDelayMs: 80,
  maxRestarts: 4,
  stableMs: 60_000,
  portCheckMs: 50,
  cleanStopDelayMs: 50,
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

const supervisors: Supervisor[] = [];
afterAll(async () => {
  await Promise.all(supervisors.map((supervisor) => supervisor.stop(1_000)));
});

describe('the launcher’s supervisor', () => {
  it('restarts a crashing service with growing delays, then gives up with a clear line', async () => {
    const lines: string[] = [];
    const port = await freePort();
    const supervisor = new Supervisor(
      { name: 'crashing', entry: crashing, env: {}, port, healthUrl: '' },
      (line) => lines.push(line),
      fast,
    );
    supervisors.push(supervisor);
    await supervisor.start();
    await until(() => lines.some((line) => line.includes('giving up')), 'gives up');
    const delays = lines
      .map((line) => /restart \d+ of 4 in (\d+) s/.exec(line))
      .filter(Boolean)
      .map((match) => Number(match![1]));
    expect(delays).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/crashing exited \(3\) 5 times in a row; giving up/);
  });

  it('leaves a gap for a copy started by hand when a service stops cleanly', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor(
      { name: 'sites', entry: stoppingCleanly, env: {}, port: await freePort(), healthUrl: '' },
      (line) => lines.push(line),
      fast,
    );
    supervisors.push(supervisor);
    await supervisor.start();
    await until(() => lines.length >= 2, 'two clean stops');
    expect(lines[0]).toMatch(/sites stopped cleanly; starting it again in \d+ s unless a copy/);
    expect(lines.some((line) => line.includes('giving up'))).toBe(false);
  });

  it('steps aside while a copy started by hand holds the port, and takes over when it is free', async () => {
    const lines: string[] = [];
    const port = await freePort();
    const byHand = net.createServer();
    await new Promise<void>((resolve) => byHand.listen(port, '127.0.0.1', resolve));
    const supervisor = new Supervisor(
      { name: 'sites', entry: listening, env: { PORT: String(port) }, port, healthUrl: '' },
      (line) => lines.push(line),
      fast,
    );
    supervisors.push(supervisor);
    await supervisor.start();
    expect(supervisor.isSteppedAside).toBe(true);
    expect(supervisor.pid).toBeUndefined();
    expect(lines[0]).toMatch(/sites: port \d+ is taken, by a copy started by hand\?/);

    await new Promise((resolve) => byHand.close(resolve));
    await until(() => supervisor.pid !== undefined, 'starts its own copy');
    await until(() => portTaken(port), 'its copy listens');
    expect(supervisor.isSteppedAside).toBe(false);
    expect(lines.some((line) => line.includes('is free again; starting ours'))).toBe(true);
    expect(lines.some((line) => line.includes('exited'))).toBe(false);
  });
});
