import { describe, expect, it } from 'vitest';
import { graphql } from '../../support/hub.js';
import { hub, headers, codes } from './containment-hub.js';

describe("a client's mistakes", () => {
  it('are 400 with a code, not 500', async () => {
    const subscription = await graphql(
      hub.gateway.url,
      'subscription { __typename }',
      undefined,
      headers,
    );
    expect(subscription.status).toBe(400);
    expect(codes(subscription)).toEqual(['BAD_REQUEST']);

    const twoOperations = await graphql(
      hub.gateway.url,
      'query A { districts { code } } query B { districts { name } }',
      undefined,
      headers,
    );
    expect(twoOperations.status).toBe(400);
    expect(codes(twoOperations)).toEqual(['OPERATION_RESOLUTION_FAILURE']);

    const response = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query A { districts { code } }', operationName: 'Nope' }),
    });
    expect(response.status).toBe(400);
    expect(codes(await response.json())).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it("keeps a subgraph's BAD_USER_INPUT for an impossible date", async () => {
    const response = await graphql(
      hub.gateway.url,
      'query ($from: Date!) { keyRegionArrivals(from: $from, to: "2026-03-01") { totalCount } }',
      { from: '2026-02-30' },
      headers,
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.message).toMatch(/real calendar date/);
  });

  it('refuses NUL characters before any SQL, at the gateway and at a subgraph', async () => {
    const viaGateway = await graphql(
      hub.gateway.url,
      'query ($name: String) { sites(name: $name, first: 1) { totalCount } }',
      { name: 'a\u0000b' },
      headers,
    );
    expect(viaGateway.status).toBe(400);
    expect(codes(viaGateway)).toEqual(['BAD_USER_INPUT']);
    const literal = await graphql(
      hub.gateway.url,
      '{ person(idNumber: "11010519491231002\\u0000") { name } }',
      undefined,
      headers,
    );
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
  });
});
