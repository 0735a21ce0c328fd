import type { Database } from '@cityhub/kit';
import { request, type Agent } from 'undici';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface ReadinessInputs {
  db: Database | undefined;
  subgraphUrls: Map<string, string>;
  breakers: Map<string, CircuitBreaker>;
  agent: Agent;
  draining: boolean;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable' | 'draining';
  checks: {
    database: 'ok' | 'unavailable' | 'not used';
    /** Each subgraph's own readiness, which covers its database and the audit path. */
    subgraphs: Record<string, { status: 'ok' | 'unavailable'; circuit: string }>;
  };
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the gateway can answer in full: its own database and every subgraph ready. A hub with
 * PostgreSQL or a department down is not ready, although it is alive and answers the rest.
 */
export async function readiness(inputs: ReadinessInputs): Promise<ReadinessReport> {
  const [database, ...subgraphs] = await Promise.all([
    inputs.db
      ? inputs.db
          .raw('SELECT 1')
          .timeout(PROBE_TIMEOUT_MS)
          .then(
            () => 'ok' as const,
            () => 'unavailable' as const,
          )
      : ('not used' as const),
    ...[...inputs.subgraphUrls].map(async ([name, url]) => {
      const status = await subgraphReady(url, inputs.agent);
      return [name, { status, circuit: inputs.breakers.get(name)?.state ?? 'closed' }] as const;
    }),
  ]);
  const subgraphChecks = Object.fromEntries(subgraphs.sort(([a], [b]) => a.localeCompare(b)));
  const ok = database !== 'unavailable' && subgraphs.every(([, check]) => check.status === 'ok');
  return {
    status: inputs.draining ? 'draining' : ok ? 'ok' : 'unavailable',
    checks: { database, subgraphs: subgraphChecks },
  };
}

async function subgraphReady(graphqlUrl: string, agent: Agent): Promise<'ok' | 'unavailable'> {
  try {
    const response = await request(new URL('/health/ready', graphqlUrl), {
      dispatcher: agent,
      headersTimeout: PROBE_TIMEOUT_MS,
      bodyTimeout: PROBE_TIMEOUT_MS,
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body.dump();
    return response.statusCode === 200 ? 'ok' : 'unavailable';
  } catch {
    return 'unavailable';
  }
}
