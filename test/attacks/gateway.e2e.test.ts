import { describe, expect, it } from 'vitest';
import { ACCESS_HUB_SETTINGS, someone } from '../support/access.js';
import { codeOf } from '../support/answers.js';
import { authHeaders, graphql, testCaller, testToken, useTestHubWith } from '../support/hub.js';

/** The gateway's own defences (sizes, rates, registered operations, origins) and the subgraphs' door. */
const hub = useTestHubWith(ACCESS_HUB_SETTINGS);

describe('attacks on the subgraphs and the gateway', () => {
  it('a subgraph refuses a request that did not come through the gateway, or a forged identity', async () => {
    const url = hub().subgraphs.get('population')!.url;
    const direct = await graphql(url, '{ districts { code } }', undefined, {});
    expect(direct.status).toBe(401);
    const forgedHeader = `${Buffer.from(JSON.stringify({ caller: testCaller(), operation: null, issuedAt: Date.now() })).toString('base64url')}.AAAA`;
    const forged = await graphql(url, '{ districts { code } }', undefined, {
      'x-hub-identity': forgedHeader,
    });
    expect(forged.status).toBe(401);
    expect(forged.data ?? null).toBeNull();
  });

  it('refuses an alias bomb, a deeply nested query and a huge document, and stays up', async () => {
    const headers = await authHeaders();
    const aliases = await graphql(
      hub().gateway.url,
      `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: districts { code }`).join(' ')} }`,
      undefined,
      headers,
    );
    expect(aliases.status).toBe(400);
    expect(codeOf(aliases)).toBe('GRAPHQL_VALIDATION_FAILED');
    const nested = `{ district(code: "310104") ${'{ streets { district '.repeat(10)}{ code }${' } }'.repeat(10)} }`;
    const deep = await graphql(hub().gateway.url, nested, undefined, headers);
    expect(deep.status).toBe(400);
    const huge = await fetch(hub().gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `{ districts { code } } # ${'x'.repeat(200_000)}` }),
    });
    expect(huge.status).toBe(413);
    const alive = await graphql(hub().gateway.url, '{ districts { code } }', undefined, headers);
    expect(alive.data!.districts).toHaveLength(1);
  });

  it('answers a flood beyond the rate limit with HTTP 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const response = await fetch(hub().gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ keyRegions { prefix } }"}',
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const token = await testToken();
    const stillServed = await graphql(hub().gateway.url, '{ districts { code } }', undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(stillServed.status).toBe(200);
  });

  it('lets a registered-operations-only key run its registered operations and nothing else', async () => {
    const registered =
      'query Gate($id: String!) { person(idNumber: $id) { healthCode { color } } }';
    const { key, secret } = await hub().gateway.apiKeys!.create({
      name: 'health-code app',
      department: 'big-data-centre',
      scopes: ['population:read', 'pii:read'],
      registeredOperationsOnly: true,
      requestsPerMinute: 100_000,
    });
    await hub().gateway.trustedDocuments!.register(key.application, [registered]);
    const headers = { 'x-api-key': secret, 'x-purpose': 'health-code-check' };
    const ok = await graphql(hub().gateway.url, registered, { id: someone.idNumber }, headers);
    expect(ok.data!.person.healthCode.color).toBe(someone.healthCode);
    const other = await graphql(
      hub().gateway.url,
      '{ person(idNumber: "11010519491231002X") { name } }',
      undefined,
      headers,
    );
    expect(other.status).toBe(403);
    expect(codeOf(other)).toBe('OPERATION_NOT_REGISTERED');
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(hub().gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://localhost:4000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });
});
