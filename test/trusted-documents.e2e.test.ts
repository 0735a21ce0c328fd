import { createHash } from 'node:crypto';
import { documentIdOf } from '@cityhub/gateway';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse } from 'graphql';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  graphql,
  startTestHub,
  useTestHub,
  testCity,
  type GraphQLResponse,
} from './support/hub.js';

const hub = useTestHub();

const someone = testCity().person(11);
const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

// As an integrator writes it in a .graphql file: comments, indentation, a trailing newline.
const GATE_FILE = `# The health-code gate at a metro station.
query Gate($id: String!) {
  person(idNumber: $id) {
    healthCode {
      color
    }
  }
}
`;
const DISTRICTS = 'query Districts { districts { code name } }';

async function registeredOnlyKey(application: string, documents: string[]) {
  const { key, secret } = await hub().gateway.apiKeys!.create({
    name: `${application} app`,
    department: 'big-data-centre',
    application,
    scopes: ['population:read', 'pii:read'],
    registeredOperationsOnly: true,
    requestsPerMinute: 100_000,
  });
  await hub().gateway.trustedDocuments!.register(key.application, documents);
  return { key, headers: { 'x-api-key': secret, 'x-purpose': 'health-code-check' } };
}

async function post(body: object, headers: Record<string, string>): Promise<GraphQLResponse> {
  const response = await fetch(hub().gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${hub().gateway.url}?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true', ...headers },
  });
}

describe('trusted documents', () => {
  it('have the id graphql-codegen emits: SHA-256 of the sorted, minimally printed document', () => {
    const printed = printExecutableGraphQLDocument(parse(GATE_FILE));
    expect(printed).toBe(
      'query Gate($id: String!) { person(idNumber: $id) { healthCode { color } } }',
    );
    expect(documentIdOf(GATE_FILE)).toBe(createHash('sha256').update(printed).digest('hex'));
    // Layout, comments and the trailing newline do not change it; a different field does.
    expect(documentIdOf(GATE_FILE.replace(/^#.*\n/, '').replace(/\s+/g, ' '))).toBe(
      documentIdOf(GATE_FILE),
    );
    expect(documentIdOf(GATE_FILE.replace('color', 'color updatedAt'))).not.toBe(
      documentIdOf(GATE_FILE),
    );
  });

  it('run by id (documentId or persistedQuery) and, sent in full, however they are laid out', async () => {
    const { headers } = await registeredOnlyKey('metro-gate', [GATE_FILE]);
    const id = documentIdOf(GATE_FILE);
    const variables = { id: someone.idNumber };
    const byDocumentId = await post({ documentId: id, variables }, headers);
    expect(byDocumentId.data).toEqual({ person: { healthCode: { color: someone.healthCode } } });
    const byExtension = await post(
      { variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } },
      headers,
    );
    expect(byExtension.data).toEqual(byDocumentId.data);
    // What graphql-codegen sends: the re-printed document, without the file's trailing newline.
    const reprinted = await graphql(
      hub().gateway.url,
      printExecutableGraphQLDocument(parse(GATE_FILE)),
      variables,
      headers,
    );
    expect(reprinted.data).toEqual(byDocumentId.data);
    const withItsId = await post(
      {
        query: GATE_FILE.trimEnd(),
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: id } },
      },
      headers,
    );
    expect(withItsId.data).toEqual(byDocumentId.data);
    const other = await graphql(hub().gateway.url, DISTRICTS, undefined, headers);
    expect([other.status, codeOf(other)]).toEqual([403, 'OPERATION_NOT_REGISTERED']);
  });

  it('are bound to the application that registered them: another key cannot run them', async () => {
    await registeredOnlyKey('bank-credit', [GATE_FILE]);
    const { headers: railway } = await registeredOnlyKey('railway-feed', [DISTRICTS]);
    const byId = await post(
      { documentId: documentIdOf(GATE_FILE), variables: { id: someone.idNumber } },
      railway,
    );
    expect(codeOf(byId)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const inFull = await graphql(hub().gateway.url, GATE_FILE, { id: someone.idNumber }, railway);
    expect([inFull.status, codeOf(inFull)]).toEqual([403, 'OPERATION_NOT_REGISTERED']);
    const own = await post({ documentId: documentIdOf(DISTRICTS) }, railway);
    expect((own.data as { districts: unknown[] }).districts.length).toBeGreaterThan(0);
  });

  it('refuse an unknown id; outside development a client cannot register one by sending it', async () => {
    const byId = await post({ documentId: 'a'.repeat(64) }, {});
    expect(codeOf(byId)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const query = '{ districts { name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const sent = await post({ query, extensions: { persistedQuery } }, {});
    expect(sent.data).toBeTruthy();
    const hashOnly = await post({ extensions: { persistedQuery } }, {});
    expect(codeOf(hashOnly)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('GET by id', () => {
  it('answers without personal data carry an ETag, may be cached, and revalidate to 304', async () => {
    await registeredOnlyKey('open-data-portal', [DISTRICTS]);
    const params = { documentId: documentIdOf(DISTRICTS) };
    const first = await get(params);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(
      ((await first.json()) as { data: { districts: unknown[] } }).data.districts.length,
    ).toBeGreaterThan(0);
    const again = await get(params, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers that may hold personal data are no-store', async () => {
    const { headers } = await registeredOnlyKey('clinic-gate', [GATE_FILE]);
    const response = await get(
      { documentId: documentIdOf(GATE_FILE), variables: JSON.stringify({ id: someone.idNumber }) },
      headers,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
    const body = (await response.json()) as { data: { person: { healthCode: { color: string } } } };
    expect(body.data.person.healthCode.color).toBe(someone.healthCode);
  });

  it('refuse mutations, as GraphQL over HTTP requires', async () => {
    const response = await get({ query: 'mutation { __typename }' });
    expect(response.status).toBe(405);
  });
});

describe('key usage', () => {
  it('counts requests and errors per key, in /metrics by key id and never by secret', async () => {
    const { key, headers } = await registeredOnlyKey('usage-probe', [DISTRICTS]);
    await post({ documentId: documentIdOf(DISTRICTS) }, headers);
    await graphql(hub().gateway.url, GATE_FILE, { id: someone.idNumber }, headers);
    const usage = hub().gateway.keyUsage.of(key.id);
    expect(usage).toMatchObject({ requests: 2, errors: 1, rateLimited: 0 });
    expect(usage.lastUsedAt).toBeInstanceOf(Date);
    const metrics = await (await fetch(hub().gateway.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toContain(`cityhub_api_key_requests_total{key="${key.id}",outcome="ok"`);
    expect(metrics).toContain(`cityhub_api_key_requests_total{key="${key.id}",outcome="error"`);
    expect(metrics).not.toContain(headers['x-api-key'].slice('chk_'.length + 13));
    await expect
      .poll(async () => (await hub().gateway.apiKeys!.byId(key.id))!.lastUsedAt)
      .toBeInstanceOf(Date);
  });
});

describe('automatic persisted queries, in development', () => {
  let development: InProcessHub;
  beforeAll(async () => {
    development = await startTestHub(undefined, { automaticPersistedQueries: true });
  });
  afterAll(async () => development?.stop());

  it('register a document the first time a client sends it with its hash', async () => {
    const query = '{ districts { name } }';
    const persistedQuery = {
      version: 1,
      sha256Hash: createHash('sha256').update(query).digest('hex'),
    };
    const send = async (body: object) => {
      const response = await fetch(development.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as GraphQLResponse;
    };
    expect(codeOf(await send({ extensions: { persistedQuery } }))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await send({ query, extensions: { persistedQuery } })).data).toBeTruthy();
    const byHash = await send({ extensions: { persistedQuery } });
    expect((byHash.data as { districts: unknown[] }).districts.length).toBeGreaterThan(0);
  });
});
