import type http from 'node:http';
import { operationLabeller, MAX_OPERATION_LABELS } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../../gateway/src/access/client-address.js';
import { authHeaders, graphql, startTestHub } from '../support/hub.js';

/**
 * Abuse and exhaustion: floods of made-up credentials, unbounded metric labels, deep pages that
 * cost as much as one row, and the anonymous limit behind a proxy.
 */
const METRICS_TOKEN = 'scraper-token-of-the-test-hub';
let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub(undefined, {
    limits: { failedCredentialsPerMinute: 5, anonymousRequestsPerMinute: 4 },
    trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    metricsToken: METRICS_TOKEN,
  });
});
afterAll(async () => hub?.stop());

/** A request as a proxy in front of the gateway forwards it for `client`. */
const from = (client: string, headers: Record<string, string> = {}) => ({
  'x-forwarded-for': client,
  ...headers,
});

describe('credential floods', () => {
  it('stops a client sending made-up API keys before looking them up, and not its neighbours', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await graphql(hub.gateway.url, '{ districts { code } }', undefined, {
        ...from('203.0.113.7'),
        'x-api-key': `chk_${'0'.repeat(31)}${i}_${'f'.repeat(40)}`,
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The limit is the flooding client's: another client's valid token is served.
    const other = await graphql(
      hub.gateway.url,
      '{ districts { code } }',
      undefined,
      from('203.0.113.8', await authHeaders()),
    );
    expect(other.status).toBe(200);
  });
});

describe('the anonymous limit behind a proxy', () => {
  it('counts each forwarded client on its own', async () => {
    const ask = (client: string) =>
      graphql(hub.gateway.url, '{ districts { code } }', undefined, from(client));
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await ask('198.51.100.1')).status);
    expect(first.at(-1)).toBe(429);
    expect((await ask('198.51.100.2')).status).toBe(200);
  });

  it('believes X-Forwarded-For only from listed proxies, and only up to the first unlisted hop', () => {
    const request = (peer: string, forwarded?: string) =>
      ({
        socket: { remoteAddress: peer },
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      }) as unknown as http.IncomingMessage;
    const proxies = new Set(['10.0.0.1', '10.0.0.2']);
    expect(clientAddress(request('192.0.2.9', '1.2.3.4'), proxies)).toBe('192.0.2.9');
    expect(clientAddress(request('10.0.0.1', '1.2.3.4'), proxies)).toBe('1.2.3.4');
    // A client's own X-Forwarded-For entry (spoofed) sits left of what the proxies appended.
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2'), proxies)).toBe(
      '1.2.3.4',
    );
  });
});

describe('metrics', () => {
  it('labels operations from a bounded set', () => {
    const label = operationLabeller();
    const labels = new Set(
      Array.from({ length: MAX_OPERATION_LABELS + 500 }, (_, i) => label(`Op${i}`)),
    );
    expect(labels.size).toBe(MAX_OPERATION_LABELS + 1);
    expect(labels.has('other')).toBe(true);
    expect(label('not a name; with junk')).toBe('other');
    expect(operationLabeller((name) => name === 'Gate')('Gate')).toBe('Gate');
  });

  it('keeps the gateway /metrics for the scraper', async () => {
    const metricsUrl = hub.gateway.url.replace(/\/graphql$/, '/metrics');
    expect((await fetch(metricsUrl)).status).toBe(403);
    const scraped = await fetch(metricsUrl, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('cityhub_graphql_requests_total');
  });
});

describe('query cost', () => {
  const nested = (first: number) =>
    `{ district(code: "310104") { streets { communities(first: ${first}) { edges { node { street { communities(first: ${first}) { totalCount edges { node { code } } } } } } } } } }`;

  it('counts first: 500 twice nested as 250,000 rows, not as one', async () => {
    const headers = await authHeaders();
    const costly = await graphql(hub.gateway.url, nested(500), undefined, headers);
    expect(costly.status).toBe(400);
    // A literal page size is already weighed by graphql-armor's validation rule.
    expect(costly.errors![0]!.message).toMatch(/cost/i);
    const cheap = await graphql(hub.gateway.url, nested(1), undefined, headers);
    expect(cheap.errors).toBeUndefined();
  });

  it('counts a page size given in a variable (validation rules cannot see variables)', async () => {
    const query =
      'query ($n: Int) { district(code: "310104") { streets { communities(first: $n) { edges { node { street { communities(first: $n) { totalCount } } } } } } } }';
    const headers = await authHeaders();
    const costly = await graphql(hub.gateway.url, query, { n: 500 }, headers);
    expect(costly.status).toBe(400);
    expect(costly.errors![0]!.extensions!.code).toBe('QUERY_TOO_COSTLY');
    const cheap = await graphql(hub.gateway.url, query, { n: 1 }, headers);
    expect(cheap.errors).toBeUndefined();
  });
});
