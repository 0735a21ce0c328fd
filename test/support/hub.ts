import { counterValue, createLogger } from '@cityhub/kit';
import { loadSubgraphModules, startHubInProcess, type InProcessHub } from '@cityhub/launcher';
import type { SubgraphEntry } from '@cityhub/schema';
import { syntheticCity, type SyntheticCity } from '@cityhub/synthetic-city';
import { inject } from 'vitest';
import { TEST_PERSON_ID_KEY, TEST_REFERENCE_DATE, TEST_SEED } from './constants.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** The real subgraphs and gateway, in this test file's process, on the run's test database. */
export async function startTestHub(entries?: SubgraphEntry[]): Promise<InProcessHub> {
  const databaseUrl = inject('databaseUrl');
  return startHubInProcess({
    modules: await loadSubgraphModules(entries),
    databaseUrlOf: () => databaseUrl,
    personIdKey: TEST_PERSON_ID_KEY,
    logger: createLogger('cityhub-test', 'silent'),
  });
}

/** The generated city the test database was seeded from. */
export function testCity(): SyntheticCity {
  return syntheticCity('test', TEST_SEED, TEST_REFERENCE_DATE);
}

export async function graphql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** SQL statements a subgraph has sent so far; take the difference around a request. */
export function sqlStatements(hub: InProcessHub, subgraph: string): Promise<number> {
  return counterValue(hub.subgraphs.get(subgraph)!.metrics.registry, 'cityhub_sql_statements_total');
}

/** Runs `action` and returns how many SQL statements each subgraph sent meanwhile. */
export async function countStatements<T>(hub: InProcessHub, action: () => Promise<T>): Promise<{ result: T; statements: Record<string, number> }> {
  const names = [...hub.subgraphs.keys()];
  const before = await Promise.all(names.map((name) => sqlStatements(hub, name)));
  const result = await action();
  const after = await Promise.all(names.map((name) => sqlStatements(hub, name)));
  return { result, statements: Object.fromEntries(names.map((name, i) => [name, after[i]! - before[i]!])) };
}
