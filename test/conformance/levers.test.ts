import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startTestHub, testCity } from '../support/hub.js';
import { OPERATION_CORPUS } from './operation-corpus.js';

/**
 * The performance levers change no answer: the hub's operations, through a hub with the gateway's
 * fast path and the subgraphs' compiled execution (the defaults) and through one with both off, on
 * the same database, give the same status, headers and bytes — on the first request (graphql-js,
 * the full pipeline), the second (compiled now, the plan learned) and the third (both in use).
 */
const city = testCity();
let on: InProcessHub;
let off: InProcessHub;
let headers: Record<string, string>;

beforeAll(async () => {
  on = await startTestHub();
  off = await startTestHub(undefined, { fastPath: false, compiledExecution: false });
  // A caller whose answers are never cached (a stated purpose), so that every request runs.
  headers = await authHeaders({ roles: ['admin', 'district-official'] }, 'resident-services');
}, 240_000);

afterAll(async () => {
  await on?.stop();
  await off?.stop();
});

async function exchange(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const seen = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'keep-alive'].includes(name)),
  );
  return { status: response.status, headers: seen, body: await response.text() };
}

describe('levers on and off', () => {
  for (const operation of OPERATION_CORPUS)
    it(`answers "${operation.name}" alike`, async () => {
      const body = JSON.stringify({
        query: operation.query,
        variables: operation.variables?.(city),
      });
      const expected = await exchange(off.gateway.url, body);
      for (let run = 1; run <= 3; run += 1)
        expect(await exchange(on.gateway.url, body), `run ${run}`).toEqual(expected);
    });

  it('took the fast path for the operations planned as one fetch', async () => {
    const metrics = await (await fetch(on.gateway.url.replace('/graphql', '/metrics'))).text();
    const answered = /^cityhub_gateway_fast_path_total\{[^}]*outcome="answered"[^}]*\} (\d+)/m.exec(
      metrics,
    );
    expect(Number(answered?.[1] ?? 0)).toBeGreaterThan(0);
  });
});
