import autocannon, { type AutocannonRequest } from 'autocannon';
import type { GraphQLRequestBody } from './workload.js';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Headers signed for each request's body (a subgraph called directly). */
  sign?: (body: string) => Record<string, string>;
  /** A fixed request, or a new one per request (different people, different streets). */
  body: GraphQLRequestBody | (() => GraphQLRequestBody);
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx answers whose body carries GraphQL errors. */
  graphqlErrors: number;
}

/** Drives one target for a fixed time with autocannon on loopback. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  let graphqlErrors = 0;
  const fixed = typeof options.body === 'function' ? null : JSON.stringify(options.body);
  const next = typeof options.body === 'function' ? options.body : null;
  const sign = options.sign;
  const prepare = (request: AutocannonRequest): AutocannonRequest => {
    const body = next ? JSON.stringify(next()) : fixed!;
    return sign
      ? { ...request, body, headers: { ...request.headers, ...sign(body) } }
      : { ...request, body };
  };
  const result = await autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: target.pathname,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(fixed ? { body: fixed } : {}),
        ...(next || sign ? { setupRequest: prepare } : {}),
        // A substring test, not a parse: cheap enough not to slow the load generator.
        onResponse: (status, body) => {
          if (status < 300 && body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
  };
}
