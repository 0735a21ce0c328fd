import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InProcessHub } from '@cityhub/launcher';
import { SUBGRAPHS } from '@cityhub/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../bench/gateway-process.js';
import { startHiveGateway } from '../../bench/gateways-under-test.js';
import { ensureHiveGateway } from '../../bench/hive-install.js';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from '../support/constants.js';
import { authHeaders, startTestHub, testCity } from '../support/hub.js';
import { peerGatewayPlan } from '../support/peer-gateway.js';
import { OPERATION_CORPUS } from './operation-corpus.js';

/**
 * The hub's operations answer the same `data` through @apollo/gateway (ours) and through Hive
 * Gateway, an independent implementation of federation query planning, on the same subgraphs and
 * database. Left out (with one line from the global setup) where Hive Gateway is not installed.
 */
const peer = peerGatewayPlan();
let hub: InProcessHub;
let hive: GatewayProcess;
let headers: Record<string, string>;

beforeAll(async () => {
  if (!peer.run) return;
  const installation = await ensureHiveGateway();
  hub = await startTestHub();
  const supergraphFile = join(
    mkdtempSync(join(tmpdir(), 'cityhub-differential-')),
    'supergraph.graphql',
  );
  writeFileSync(supergraphFile, hub.supergraphSdl);
  hive = await startHiveGateway(
    {
      supergraphFile,
      subgraphUrls: new Map([...hub.subgraphs].map(([name, running]) => [name, running.url])),
      jwtSecret: TEST_JWT_SECRET,
      internalSecret: TEST_INTERNAL_SECRET,
    },
    installation,
  );
  headers = await authHeaders();
}, 240_000);

afterAll(async () => {
  await hive?.stop();
  await hub?.stop();
});

async function post(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

const registered = new Set(SUBGRAPHS.map((entry) => entry.name));

describe.runIf(peer.run)('the same data through @apollo/gateway and Hive Gateway', () => {
  for (const operation of OPERATION_CORPUS) {
    const runnable = operation.needs.every((name) => registered.has(name));
    it.skipIf(!runnable)(operation.name, async () => {
      const variables = operation.variables?.(testCity());
      const [ours, theirs] = await Promise.all([
        post(hub.gateway.url, operation.query, variables),
        post(hive.url, operation.query, variables),
      ]);
      expect(ours.data, 'our gateway answered no data').toBeTruthy();
      expect(theirs.data).toEqual(ours.data);
      // Both report errors or neither does; messages may differ between implementations.
      expect(Boolean(theirs.errors?.length)).toBe(Boolean(ours.errors?.length));
    });
  }
});
