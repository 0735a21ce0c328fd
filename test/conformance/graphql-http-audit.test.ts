import type { InProcessHub } from '@cityhub/launcher';
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, signingFetch, startTestHub } from '../support/hub.js';

/**
 * The GraphQL-over-HTTP audit of `graphql-http` (a suite nobody on this project wrote) against the
 * gateway and every registered subgraph: no failure allowed.
 *
 * Intentional warnings, the same on every service because they share the kit's HTTP front and
 * Apollo Server's behaviour:
 * - 572B, FDE2, 7B9B ("SHOULD use 200 on parse / validation / variable-coercion failure when
 *   accepting application/json"): the hub answers these with HTTP 400 (GRAPHQL_PARSE_FAILED,
 *   GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT), which the README promises and clients rely on to
 *   tell a broken request from a partial answer.
 * Notices (MAY) 5A70, D6D5, 6A70 concern GET requests without a CSRF preflight header, which Apollo
 * Server's CSRF prevention refuses on purpose.
 */
const INTENTIONAL_WARNINGS = new Set(['572B', 'FDE2', '7B9B']);

let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.stop());

/** fetch with the caller's headers added: every service refuses callers it cannot identify. */
function fetchWith(headers: Record<string, string>) {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers))
      if (!merged.has(name)) merged.set(name, value);
    return fetch(input, { ...init, headers: merged });
  };
}

function outcome(results: AuditResult[]) {
  const describe = (result: AuditResult) =>
    `${result.id} ${result.name}${'reason' in result ? `: ${result.reason}` : ''}`;
  return {
    failures: results.filter((result) => result.status === 'error').map(describe),
    unexpectedWarnings: results
      .filter((result) => result.status === 'warn' && !INTENTIONAL_WARNINGS.has(result.id))
      .map(describe),
  };
}

describe('graphql-http server audit', () => {
  it('passes against the gateway', async () => {
    const results = await auditServer({
      url: hub.gateway.url,
      fetchFn: fetchWith(await authHeaders()),
    });
    expect(results.length).toBeGreaterThan(20);
    expect(outcome(results)).toEqual({ failures: [], unexpectedWarnings: [] });
  });

  it('passes against every registered subgraph', async () => {
    const bySubgraph: Record<string, ReturnType<typeof outcome>> = {};
    for (const [name, running] of hub.subgraphs) {
      bySubgraph[name] = outcome(
        await auditServer({ url: running.url, fetchFn: signingFetch(running.url) }),
      );
    }
    expect(Object.keys(bySubgraph)).toContain('population');
    for (const name of Object.keys(bySubgraph))
      expect(bySubgraph[name], name).toEqual({ failures: [], unexpectedWarnings: [] });
  });
});
