import {
  IDENTITY_HEADER,
  SCOPES,
  counterValue,
  createLogger,
  mintToken,
  signIdentity,
  type Caller,
  type TokenClaims,
} from '@cityhub/kit';
import { loadSubgraphModules, startHubInProcess, type InProcessHub } from '@cityhub/launcher';
import type { SubgraphEntry } from '@cityhub/schema';
import { syntheticCity, type SyntheticCity } from '@cityhub/synthetic-city';
import { inject } from 'vitest';
import {
  TEST_INTERNAL_SECRET,
  TEST_JWT_SECRET,
  TEST_PERSON_ID_KEY,
  TEST_REFERENCE_DATE,
  TEST_SEED,
} from './constants.js';

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
  return startHubInProcess({
    modules: await loadSubgraphModules(entries),
    databaseUrlOf: () => databaseUrl,
    hubDatabaseUrl: databaseUrl,
    personIdKey: TEST_PERSON_ID_KEY,
    jwtSecret: TEST_JWT_SECRET,
    internalSecret: TEST_INTERNAL_SECRET,
    logger: createLogger('cityhub-test', 'silent'),
    ...extra,
  });
}

/** A caller as the gateway would pass it; defaults to a district official with every scope. */
export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return {
    kind: 'user',
    id: 'test-official',
    department: 'test',
    roles: ['admin'],
    scopes: Object.values(SCOPES),
    streets: null,
    personId: null,
    purpose: 'automated test',
    ...overrides,
  };
}

/** Headers of a request as the gateway sends it to a subgraph, for tests that call a subgraph directly. */
export function subgraphHeaders(caller: Caller = testCaller()): Record<string, string> {
  return { [IDENTITY_HEADER]: signIdentity(caller, 'test', TEST_INTERNAL_SECRET) };
}

/** A bearer token for the test hub's gateway. */
export async function testToken(claims: Partial<TokenClaims> = {}): Promise<string> {
  return mintToken(
    { subject: 'test-user', department: 'test', roles: ['admin'], ...claims },
    TEST_JWT_SECRET,
  );
}

/** Authorization (and, by default, a stated purpose) for requests through the test gateway. */
export async function authHeaders(
  claims: Partial<TokenClaims> = {},
  purpose: string | null = 'automated test',
): Promise<Record<string, string>> {
  return {
    authorization: `Bearer ${await testToken(claims)}`,
    ...(purpose ? { 'x-purpose': purpose } : {}),
  };
}

/** The generated city the test database was seeded from. */
export function testCity(): SyntheticCity {
  return syntheticCity('test', TEST_SEED, TEST_REFERENCE_DATE);
}

/**
 * Posts a GraphQL request. Without `headers` it goes as an administrator with a stated purpose,
 * signed so that it works against the gateway and directly against a subgraph alike; pass `{}`
 * for an anonymous request, or `authHeaders(...)` for a particular caller.
 */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  defaultHeaders ??= authHeaders().then((auth) => ({ ...auth, ...subgraphHeaders() }));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? (await defaultHeaders)) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
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
