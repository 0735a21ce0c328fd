import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  IDENTITY_HEADER,
  IdentitySigner,
  SERVICE_IDENTITIES,
  counterValue,
  createLogger,
  derivedIdentityKey,
  type Caller,
  type RunningSubgraph,
} from '@cityhub/kit';
import { loadSubgraphModules, startHubInProcess, type InProcessHub } from '@cityhub/launcher';
import type { SubgraphEntry } from '@cityhub/schema';
import { syntheticCity, type SyntheticCity } from '@cityhub/synthetic-city';
import { afterAll, beforeAll, inject } from 'vitest';
import { authHeaders, testCaller } from './callers.js';
import {
  TEST_INTERNAL_SECRET,
  TEST_JWT_SECRET,
  TEST_PERSON_ID_KEY,
  TEST_REFERENCE_DATE,
  TEST_SEED,
} from './constants.js';

export { authHeaders, testCaller, testToken } from './callers.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions?: Record<string, any>;
  }>;
}

/** The real subgraphs and gateway, in this test file's process, on the run's test database. */
export async function startTestHub(
  entries?: SubgraphEntry[],
  extra: Partial<Parameters<typeof startHubInProcess>[0]> = {},
): Promise<InProcessHub> {
  const databaseUrl = inject('databaseUrl');
  const hub = await startHubInProcess({
    modules: await loadSubgraphModules(entries),
    databaseUrlOf: () => databaseUrl,
    hubDatabaseUrl: databaseUrl,
    personIdKey: TEST_PERSON_ID_KEY,
    jwtSecret: TEST_JWT_SECRET,
    identityKey: gatewayKey,
    servicePublicKeys: new Map(
      Object.keys(SERVICE_IDENTITIES).map((service) => [
        service,
        [createPublicKey(testKey(service))],
      ]),
    ),
    logger: createLogger('cityhub-test', 'silent'),
    ...extra,
  });
  for (const running of hub.subgraphs.values()) knowSubgraph(running);
  return hub;
}

/**
 * The test hub for one test file: started before its tests, stopped after them together with the
 * database handles the file opened. Returns the running hub.
 */
export function useTestHub(...handles: Array<{ destroy(): Promise<void> }>): () => InProcessHub {
  return useTestHubWith({}, ...handles);
}

/** `useTestHub` with settings of its own (limits, origins, modules, events). */
export function useTestHubWith(
  extra: Partial<Parameters<typeof startHubInProcess>[0]>,
  ...handles: Array<{ destroy(): Promise<void> }>
): () => InProcessHub {
  let hub: InProcessHub | undefined;
  beforeAll(async () => {
    hub = await startTestHub(undefined, extra);
  });
  afterAll(async () => {
    await hub?.stop();
    await Promise.all(handles.map((handle) => handle.destroy()));
  });
  return () => hub!;
}

/** The test hub's keys: the gateway's identity key, or a machine caller's (e.g. `risk-run`). */
export function testKey(holder: string): KeyObject {
  return derivedIdentityKey(TEST_INTERNAL_SECRET, holder);
}

const subgraphNames = new Map<string, string>();
/** Lets `graphql()` sign for a subgraph started outside `startTestHub`. */
export function knowSubgraph(running: Pick<RunningSubgraph, 'name' | 'url'>): void {
  subgraphNames.set(running.url, running.name);
}

const gatewayKey = testKey('gateway');
const signers = new WeakMap<KeyObject, Promise<IdentitySigner>>();

/**
 * The identity header the gateway would send to `subgraph` (its name or URL) for this very body
 * (for a GET, its query string), for tests that call a subgraph directly. Good once.
 */
export async function subgraphHeaders(
  subgraph: string,
  body: string,
  caller: Caller = testCaller(),
  key: KeyObject = gatewayKey,
): Promise<Record<string, string>> {
  if (!signers.has(key)) signers.set(key, IdentitySigner.create(key));
  const identitySigner = await signers.get(key)!;
  const audience = subgraphNames.get(subgraph) ?? subgraph;
  return {
    [IDENTITY_HEADER]: await identitySigner.sign({ caller, operation: 'test', audience, body }),
  };
}

/** fetch that signs each request for a subgraph as the gateway would (graphql-http's audit). */
export function signingFetch(subgraphUrl: string, caller: Caller = testCaller()) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const body = method === 'POST' ? String(init?.body ?? '') : url.search;
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(await subgraphHeaders(subgraphUrl, body, caller)))
      headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}

/** The generated city the test database was seeded from. */
export function testCity(): SyntheticCity {
  return syntheticCity('test', TEST_SEED, TEST_REFERENCE_DATE);
}

/**
 * Posts a GraphQL request. Without `headers` it goes as an administrator with a stated purpose,
 * signed for this body when `url` is a subgraph's, so that it works against the gateway and
 * directly against a subgraph alike; pass `{}`
 * for an anonymous request, or `authHeaders(...)` for a particular caller.
 */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  defaultHeaders ??= authHeaders();
  const body = JSON.stringify({ query, variables });
  const subgraph = subgraphNames.get(url);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(headers ??
        (subgraph
          ? { ...(await defaultHeaders), ...(await subgraphHeaders(subgraph, body)) }
          : await defaultHeaders)),
    },
    body,
  });
  const answer = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...answer };
}

let defaultHeaders: Promise<Record<string, string>> | undefined;

/** SQL statements a subgraph has sent so far; take the difference around a request. */
export function sqlStatements(hub: InProcessHub, subgraph: string): Promise<number> {
  return counterValue(
    hub.subgraphs.get(subgraph)!.metrics.registry,
    'cityhub_sql_statements_total',
  );
}

/** Runs `action` and returns how many SQL statements each subgraph sent meanwhile. */
export async function countStatements<T>(
  hub: InProcessHub,
  action: () => Promise<T>,
): Promise<{ result: T; statements: Record<string, number> }> {
  const names = [...hub.subgraphs.keys()];
  const before = await Promise.all(names.map((name) => sqlStatements(hub, name)));
  const result = await action();
  const after = await Promise.all(names.map((name) => sqlStatements(hub, name)));
  return {
    result,
    statements: Object.fromEntries(names.map((name, i) => [name, after[i]! - before[i]!])),
  };
}

/**
 * `_entities` for `representations` sent straight to `subgraph` as the gateway sends it, `selection`
 * inside; with how many SQL statements each subgraph sent meanwhile.
 */
export function resolveEntities(
  hub: InProcessHub,
  subgraph: string,
  representations: Array<Record<string, unknown>>,
  selection: string,
) {
  return countStatements(hub, () =>
    graphql(
      hub.subgraphs.get(subgraph)!.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      { r: representations },
    ),
  );
}
