import { CACHE_STATUS_HEADER } from '@cityhub/gateway';
import { counterValue } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';

/** An answer of the gateway with its cache status. */
export interface Answer {
  status: number;
  cache: string | null;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: unknown[] };
  /** The bytes as sent. */
  text: string;
}

/** A query POSTed to the hub's gateway. */
export async function post(
  hub: { gateway: { url: string } },
  query: string,
  headers: Record<string, string>,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(hub.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get(CACHE_STATUS_HEADER),
    headers: response.headers,
    body: JSON.parse(text) as Answer['body'],
    text,
  };
}

/** GraphQL requests the subgraphs have answered so far. */
export async function subgraphRequests(hub: InProcessHub): Promise<number> {
  let total = 0;
  for (const running of hub.subgraphs.values())
    total += await counterValue(running.metrics.registry, 'cityhub_graphql_requests_total');
  return total;
}

/** Asks until the answer is no longer a hit: invalidations by event arrive with the bus's poll. */
export async function untilMiss(ask: () => Promise<Answer>): Promise<Answer> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await ask();
    if (answer.cache !== 'hit') return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the cached answer was never invalidated');
}
