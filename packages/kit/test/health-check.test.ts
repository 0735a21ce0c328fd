import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntilHealthy } from '../src/health-check.js';

let healthy = false;
const server = createServer((_req, res) => {
  res.writeHead(healthy ? 200 : 503).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('waiting for a service to be healthy', () => {
  it('returns once the service answers 2xx, not before', async () => {
    healthy = false;
    setTimeout(() => (healthy = true), 300);
    const started = Date.now();
    expect(await waitUntilHealthy(url, { timeoutMs: 5_000, intervalMs: 50 })).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('gives up when time runs out, when nothing listens, or when told to', async () => {
    healthy = false;
    expect(await waitUntilHealthy(url, { timeoutMs: 200, intervalMs: 50 })).toBe(false);
    expect(
      await waitUntilHealthy('http://127.0.0.1:9/health', { timeoutMs: 200, intervalMs: 50 }),
    ).toBe(false);
    healthy = true;
    expect(await waitUntilHealthy(url, { timeoutMs: 5_000, giveUp: () => true })).toBe(false);
  });
});
