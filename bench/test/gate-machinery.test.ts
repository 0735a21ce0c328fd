import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSummaries } from '../cpu-profile.js';
import { processTreeCpuMs } from '../cpu-time.js';
import { LEVERS, hubConfigurations } from '../levers.js';
import { runWrk } from '../wrk.js';

const hasWrk = (() => {
  try {
    readFileSync('/usr/bin/wrk');
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(process.platform === 'linux' && hasWrk)('wrk as the gate load generator', () => {
  const bodies: string[] = [];
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(
          `${req.method} ${req.headers['content-type']} ${req.headers['x-test']} ${body}`,
        );
        res.writeHead(bodies.length % 10 === 0 ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{"data":{}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the gate query for random residents, and reports its answers, failures and own CPU', async () => {
    const result = await runWrk({
      url,
      headers: { 'x-test': 'yes' },
      query: 'query Q($idNumber: String!) { person(idNumber: $idNumber) { name } }',
      operationName: 'Q',
      idNumbers: ['11010519491231002X', '110105194912310037', '110105194912310045'],
      connections: 4,
      threads: 1,
      durationSeconds: 1,
    });
    // wrk counts the answers it received; up to one request per connection was cut off at the end.
    expect(bodies.length - result.requests).toBeGreaterThanOrEqual(0);
    expect(bodies.length - result.requests).toBeLessThanOrEqual(4);
    expect(result.requests).toBeGreaterThan(50);
    expect(result.non2xx).toBeGreaterThanOrEqual(Math.floor(result.requests / 10) - 1);
    expect(result.non2xx).toBeLessThanOrEqual(Math.floor(bodies.length / 10));
    expect(result.socketErrors).toBe(0);
    expect(result.loadGeneratorCpuMs).not.toBeNull();
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    const parsed = bodies.map((line) => {
      const [method, type, header, ...rest] = line.split(' ');
      expect([method, type, header]).toEqual(['POST', 'application/json', 'yes']);
      return JSON.parse(rest.join(' ')) as {
        operationName: string;
        variables: { idNumber: string };
      };
    });
    expect(parsed[0]!.operationName).toBe('Q');
    // Every resident drawn, none invented.
    expect(new Set(parsed.map((body) => body.variables.idNumber))).toEqual(
      new Set(['11010519491231002X', '110105194912310037', '110105194912310045']),
    );
  });
});

describe.runIf(process.platform === 'linux')('CPU of a process tree', () => {
  it('counts a child that spins, and keeps counting it after it has exited', async () => {
    const shell = spawn('sh', [
      '-c',
      // 400 ms of its own CPU, however busy the machine.
      'node -e "const t=process.cpuUsage();while(process.cpuUsage(t).user<400000);" ; echo reaped; sleep 30',
    ]);
    const before = processTreeCpuMs(shell.pid!)!;
    await new Promise((resolve) => shell.stdout.once('data', resolve));
    // The node child has exited and been reaped by the shell, which still sleeps.
    const after = processTreeCpuMs(shell.pid!)!;
    shell.kill();
    expect(after - before).toBeGreaterThanOrEqual(350);
    expect(processTreeCpuMs(2 ** 22 + 1)).toBeNull();
  });
});

describe('levers', () => {
  it('measures all on (with the peer), all off, and each lever off with the others on', () => {
    const configurations = hubConfigurations(LEVERS, true);
    expect(configurations.map((c) => c.name)).toEqual([
      'all levers on',
      'all levers off',
      ...LEVERS.map((lever) => `without ${lever.name}`),
    ]);
    expect(configurations.filter((c) => c.withPeer).map((c) => c.name)).toEqual(['all levers on']);
    const [on, off] = configurations;
    expect(on!.env.PREPARED_STATEMENTS).toBe('1');
    expect(off!.env.PREPARED_STATEMENTS).toBe('0');
    expect(on!.nodeOptions).toContain('--max-semi-space-size');
    expect(off!.nodeOptions).toBe('');
    expect(hubConfigurations([], false).map((c) => c.name)).toEqual(['all levers on']);
  });
});

describe('CPU profile summary', () => {
  it('ranks functions by their own samples within the load window and draws a flame graph', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-prof-test-'));
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
    // root → handle → (parse, plan); samples: 1 before the window, then parse ×3, plan ×1, handle ×1.
    writeFileSync(
      join(dir, 'CPU.20261130.100000.4242.0.001.cpuprofile'),
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)'), children: [2] },
          { id: 2, callFrame: frame('handle'), children: [3, 4] },
          { id: 3, callFrame: frame('parse') },
          { id: 4, callFrame: frame('plan') },
        ],
        startTime: 1_000,
        samples: [4, 3, 3, 3, 4, 2],
        timeDeltas: [0, 1_000, 1_000, 1_000, 1_000, 1_000],
      }),
    );
    const out = join(dir, 'out');
    const [report] = profileSummaries(
      dir,
      new Map([['gateway', 4242]]),
      ['gateway'],
      { fromUs: 1_500, toUs: 10_000 },
      out,
    );
    expect(report!.windowed).toBe(true);
    expect(report!.samples).toBe(5);
    expect(report!.top.map((entry) => [entry.function, entry.percent])).toEqual([
      ['parse', 60],
      ['handle', 20],
      ['plan', 20],
    ]);
    const svg = readFileSync(join(out, 'gateway.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('<title>parse (60.00%)</title>');
    expect(svg).toContain('<title>handle (100.00%)</title>');
  });
});
