import { readFileSync } from 'node:fs';
import { HubClient, UnauthenticatedError, OperationNotRegisteredError } from '@cityhub/client';
import { API_SCHEMA_FILE } from '@cityhub/schema';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthCodeGate } from '../packages/client/example/health-code-app.js';
import { authHeaders, graphql, startTestHub, useTestHub, testCity } from './support/hub.js';

const hub = useTestHub();

const city = testCity();
const MANIFEST = JSON.parse(
  readFileSync(
    new URL('../packages/client/src/__generated__/persisted-documents.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string>;

/** What a city administrator does for a new integrator: a key, and its app's manifest trusted. */
async function enrol(application: string) {
  const { key, secret } = await hub().gateway.apiKeys!.create({
    name: 'Metro health-code gate',
    department: 'big-data-centre',
    application,
    scopes: ['population:read', 'pii:read'],
    registeredOperationsOnly: true,
    requestsPerMinute: 100_000,
  });
  await hub().gateway.trustedDocuments!.registerManifest(key.application, MANIFEST);
  return { key, secret };
}

/** fetch that notes the method, the query string and the status of every request. */
function recordingFetch() {
  const requests: Array<{ method: string; url: URL; status: number }> = [];
  const fetchAndRecord = (async (input: string, init: RequestInit) => {
    const response = await fetch(input, init);
    requests.push({ method: init.method ?? 'GET', url: new URL(input), status: response.status });
    return response;
  }) as typeof fetch;
  return { fetch: fetchAndRecord, requests };
}

describe('the example integrator app (packages/client/example)', () => {
  it('gets health codes by persisted id over GET, its key rotated mid-run without a failed request', async () => {
    const { key, secret } = await enrol('metro-gate');
    const recorder = recordingFetch();
    const gate = createHealthCodeGate({
      hubUrl: hub().gateway.url,
      apiKey: secret,
      fetch: recorder.fetch,
    });
    const people = Array.from({ length: 30 }, (_, i) => city.person(100 + i));
    let rotated: { secret: string } | null = null;
    const colors: string[] = [];
    for (const [i, person] of people.entries()) {
      // The administrator rotates the key; the app learns the new secret a while later.
      if (i === 10)
        rotated = await hub().gateway.apiKeys!.rotate(key.id, {
          graceSeconds: 600,
          actor: 'user:city-admin',
        });
      if (i === 20) gate.useKey(rotated!.secret);
      const { color } = await gate.admit(person.idNumber);
      colors.push(color!);
    }
    expect(colors).toEqual(people.map((person) => person.healthCode));
    expect(recorder.requests).toHaveLength(30);
    for (const request of recorder.requests) {
      expect(request).toMatchObject({ method: 'GET', status: 200 });
      expect(Object.keys(MANIFEST)).toContain(request.url.searchParams.get('documentId'));
      expect(request.url.searchParams.has('query')).toBe(false);
    }
    // After the grace period only the new secret opens the door.
    const afterGrace = Date.now() + 601_000;
    expect(await hub().gateway.apiKeys!.verify(secret, afterGrace)).toBeNull();
    expect(await hub().gateway.apiKeys!.verify(rotated!.secret, afterGrace)).toMatchObject({
      id: key.id,
    });
    const counts = await gate.districtCounts();
    expect(counts?.length).toBeGreaterThan(0);
    expect(hub().gateway.keyUsage.of(key.id)).toMatchObject({ requests: 31, errors: 0 });
    const changes = await hub().gateway.apiKeys!.changes(key.id);
    expect(changes.map((change) => [change.action, change.actor])).toEqual([
      ['created', 'cli'],
      ['rotated', 'user:city-admin'],
    ]);
    expect(changes[1]!.detail).toEqual({ graceSeconds: 600 });
  });

  it('meets typed errors: a revoked key is UnauthenticatedError, an unregistered operation OperationNotRegisteredError', async () => {
    const { key, secret } = await enrol('railway-feed');
    const client = new HubClient({ url: hub().gateway.url, apiKey: secret });
    const adHoc: TypedDocumentNode<
      { districts: Array<{ code: string }> },
      Record<string, never>
    > = parse('query AdHoc { districts { code } }');
    await expect(client.request(adHoc)).rejects.toBeInstanceOf(OperationNotRegisteredError);
    const gate = createHealthCodeGate({ hubUrl: hub().gateway.url, apiKey: secret });
    await expect(gate.admit(city.person(1).idNumber)).resolves.toMatchObject({
      color: city.person(1).healthCode,
    });
    await hub().gateway.apiKeys!.revoke(key.id, 'user:city-admin');
    const refused = await gate.admit(city.person(1).idNumber).catch((error) => error);
    expect(refused).toBeInstanceOf(UnauthenticatedError);
    expect(refused.status).toBe(401);
  });

  it('stops working when its key expires, and lists among its department keys', async () => {
    const { key, secret } = await enrol('bank-credit');
    await hub().gateway.apiKeys!.expire(key.id, new Date(Date.now() - 1000), 'user:bank-desk');
    const gate = createHealthCodeGate({ hubUrl: hub().gateway.url, apiKey: secret });
    await expect(gate.admit(city.person(2).idNumber)).rejects.toBeInstanceOf(UnauthenticatedError);
    const listed = await hub().gateway.apiKeys!.list('big-data-centre');
    expect(listed.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(secret.slice('chk_'.length + 13));
  });
});

describe('what the gateway publishes for integrators', () => {
  const base = () => hub().gateway.url.replace(/\/graphql$/, '');

  it('serves the API schema at /schema.graphql, the same text as the committed file', async () => {
    const response = await fetch(`${base()}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/graphql');
    const served = await response.text();
    // The test hub's supergraph differs from the committed one only in subgraph URLs.
    expect(served).toBe(readFileSync(API_SCHEMA_FILE, 'utf8'));
  });

  it('sends the explorer compressed and revalidated by ETag, with the purpose header shown', async () => {
    const page = (headers: Record<string, string>) =>
      fetch(hub().gateway.url, { headers: { accept: 'text/html', ...headers } });
    const plain = await page({ 'accept-encoding': 'identity' });
    const html = await plain.text();
    const brotli = await page({ 'accept-encoding': 'gzip, br' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    const compressedBytes = Number(brotli.headers.get('content-length'));
    expect(compressedBytes).toBeLessThan(html.length / 3);
    expect(await brotli.text()).toBe(html); // fetch decodes it
    expect(html).toContain('x-purpose');
    const etag = brotli.headers.get('etag')!;
    const again = await page({ 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
  });
});

describe('introspection in production', () => {
  let production: InProcessHub;
  beforeAll(async () => {
    // Apollo Server reads NODE_ENV when it is constructed, and alone would refuse admins too.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      production = await startTestHub(undefined, { introspection: false });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });
  afterAll(async () => production?.stop());

  it('is open to administrators, as the README promises, and closed to other callers', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const url = production.gateway.url;
    const admin = await graphql(url, introspection, undefined, await authHeaders());
    expect(admin.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const viewer = await graphql(
      url,
      introspection,
      undefined,
      await authHeaders({ roles: ['viewer'] }),
    );
    expect([viewer.status, viewer.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await graphql(url, introspection, undefined, {});
    expect(anonymous.status).toBe(403);
  });
});
