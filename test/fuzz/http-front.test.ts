import { describe, expect, it } from 'vitest';
import { authHeaders, graphql, useTestHub, subgraphHeaders } from '../support/hub.js';
import { rawExchange } from './raw-http.js';
import {
  get,
  raw,
  targets,
  requestLines,
  headers,
  bodies,
  slowClients,
} from './hostile-requests.js';

/**
 * Hostile and malformed HTTP, written as raw bytes to the gateway and to a subgraph (they share the
 * kit's HTTP front). Each must be answered with a 4xx or a closed socket, never a 5xx and never a
 * crash; afterwards both services still answer real queries.
 */
const hub = useTestHub();

function services(): Array<[string, number]> {
  return [
    ['gateway', hub().gateway.port],
    ['population subgraph', hub().subgraphs.get('population')!.port],
  ];
}

async function stillAnswers(): Promise<void> {
  const viaGateway = await graphql(
    hub().gateway.url,
    '{ districts { code } }',
    undefined,
    await authHeaders(),
  );
  expect(viaGateway.status).toBe(200);
  expect(viaGateway.data?.districts?.length).toBeGreaterThan(0);
  const direct = await graphql(
    hub().subgraphs.get('population')!.url,
    '{ districts { code } }',
    undefined,
    {
      ...(await authHeaders()),
      ...(await subgraphHeaders('population', JSON.stringify({ query: '{ districts { code } }' }))),
    },
  );
  expect(direct.data?.districts?.length).toBeGreaterThan(0);
}

function expectRefusedNotFailed(label: string, status: number | null): void {
  // A closed socket (null) is a valid refusal of bytes that are not HTTP.
  if (status !== null) expect(status, label).toBeLessThan(500);
}

describe('the HTTP front under hostile input', () => {
  it('answers every malformed request target without failing', async () => {
    for (const [service, port] of services()) {
      for (const target of targets) {
        const exchange = await rawExchange(port, { head: raw(get(target)) });
        expectRefusedNotFailed(`${service} GET ${target.slice(0, 60)}`, exchange.status);
      }
    }
    await stillAnswers();
  });

  it('answers malformed request lines and methods', async () => {
    for (const [service, port] of services()) {
      for (const [label, head] of requestLines) {
        const exchange = await rawExchange(port, { head, idleMs: 1_000 });
        expectRefusedNotFailed(`${service}: ${label}`, exchange.status);
      }
    }
    await stillAnswers();
  });

  it('answers malformed and oversized headers', async () => {
    for (const [service, port] of services()) {
      for (const [label, head] of headers) {
        const exchange = await rawExchange(port, { head, idleMs: 1_000 });
        expectRefusedNotFailed(`${service}: ${label}`, exchange.status);
      }
    }
    await stillAnswers();
  });

  it('answers malformed, mis-encoded and oversized bodies', async () => {
    for (const [service, port] of services()) {
      for (const [label, head] of bodies) {
        const exchange = await rawExchange(port, { head, idleMs: 2_000 });
        expectRefusedNotFailed(`${service}: ${label}`, exchange.status);
        if (label.includes('over the body limit')) {
          expect(exchange.status, `${service}: ${label}`).toBe(413);
          expect(exchange.ended, `${service}: ${label} closes the connection`).toBe('closed');
        }
      }
    }
    await stillAnswers();
  });

  it('cuts slow clients off instead of holding their sockets', async () => {
    const exchanges = await Promise.all(
      services().flatMap(([service, port]) =>
        slowClients.map(async ([label, request]) => ({
          label: `${service}: ${label}`,
          exchange: await rawExchange(port, request),
        })),
      ),
    );
    for (const { label, exchange } of exchanges) {
      expect(exchange.ended, `${label} is closed by the service`).toBe('closed');
      expectRefusedNotFailed(label, exchange.status);
    }
    await stillAnswers();
  });
});
