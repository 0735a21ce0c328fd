import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startTestHub, testCity, useTestHub } from './support/hub.js';

/**
 * The gateway's fast path (gateway/src/fast-path/) against the full pipeline: the test hub's
 * gateway runs with it, a second hub on the same database without it, and each request is sent to
 * both. Answers, errors, statuses and headers must be the same bytes, and the audit log must hold
 * the same records for both.
 */
const hub = useTestHub();
const city = testCity();
let fullHub: InProcessHub;
let full: { url: string };

const GATE =
  'query HealthCode($idNumber: String!) { person(idNumber: $idNumber) { healthCode { color changedAt } } }';
const LOOKUP =
  'query FastLookup($idNumber: String!) { person(idNumber: $idNumber) { idNumber name healthCode { color } } }';

beforeAll(async () => {
  fullHub = await startTestHub(undefined, { fastPath: false });
  full = fullHub.gateway;
}, 240_000);

afterAll(async () => {
  await fullHub?.stop();
});

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Exchange> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const seen = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'keep-alive'].includes(name)),
  );
  return { status: response.status, headers: seen, body: await response.text() };
}

/** The gateway's fast-path counter for one outcome, read from /metrics (loopback). */
async function fastPathCount(outcome: string): Promise<number> {
  const text = await (await fetch(hub().gateway.url.replace('/graphql', '/metrics'))).text();
  const line = new RegExp(
    `^cityhub_gateway_fast_path_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`,
    'm',
  ).exec(text);
  return Number(line?.[1] ?? 0);
}

/** Sends `body` to the full pipeline, then twice to the fast-path gateway (learning, then fast). */
async function both(body: unknown, headers: Record<string, string>) {
  const expected = await post(full.url, body, headers);
  await post(hub().gateway.url, body, headers);
  const fast = await post(hub().gateway.url, body, headers);
  return { expected, fast };
}

describe('the gateway fast path', () => {
  it('answers the health-code gate with the same bytes as the full pipeline, found or not', async () => {
    const headers = await authHeaders({ roles: ['district-official'] });
    const before = await fastPathCount('answered');
    const idNumbers = [city.person(3).idNumber, city.person(4).idNumber, '110101199001011237'];
    for (const idNumber of idNumbers) {
      const { expected, fast } = await both(
        { query: GATE, operationName: 'HealthCode', variables: { idNumber } },
        headers,
      );
      expect(expected.status).toBe(200);
      expect(fast).toEqual(expected);
    }
    const found = JSON.parse(
      (await both({ query: GATE, variables: { idNumber: idNumbers[0] } }, headers)).fast.body,
    ) as { data: { person: { healthCode: { color: string } } } };
    expect(found.data.person.healthCode.color).toMatch(/^[A-Z]+$/);
    // The first request of each document was learned on the full pipeline; the rest went fast.
    expect(await fastPathCount('answered')).toBe(before + 6);
  });

  it('gives the full pipeline the requests it must answer: bad variables, a refused caller, a caller without purpose', async () => {
    const official = await authHeaders({ roles: ['district-official'] });
    const refused = await authHeaders({ roles: ['viewer'], scopes: [] });
    const noPurpose = await authHeaders({ roles: ['district-official'] }, null);
    const cases: Array<[unknown, Record<string, string>]> = [
      [{ query: GATE, variables: {} }, official],
      [{ query: GATE, variables: { idNumber: 42 } }, official],
      [{ query: GATE, variables: { idNumber: 'a\u0000b' } }, official],
      [{ query: GATE, variables: { idNumber: city.person(5).idNumber } }, refused],
      [{ query: GATE, variables: { idNumber: city.person(5).idNumber } }, noPurpose],
      [{ query: GATE, variables: { idNumber: 'not an ID number' } }, official],
    ];
    const handed = await fastPathCount('handed');
    const replayed = await fastPathCount('replayed');
    for (const [body, headers] of cases) {
      const { expected, fast } = await both(body, headers);
      expect(fast, JSON.stringify(body)).toEqual(expected);
    }
    // Refused before calling (variables, no purpose) or after (the subgraph's errors, replayed).
    expect(await fastPathCount('handed')).toBeGreaterThan(handed);
    expect(await fastPathCount('replayed')).toBeGreaterThan(replayed);
  });

  it('writes the same audit records as the full pipeline, once per request', async () => {
    const people = [city.person(20), city.person(21)];
    const viaFull = `fast-path-full-${Date.now()}`;
    const viaFast = `fast-path-fast-${Date.now()}`;
    const fullHeaders = await authHeaders({ roles: ['district-official'], subject: viaFull });
    const fastHeaders = await authHeaders({ roles: ['district-official'], subject: viaFast });
    // Learned by the fast-path gateway from another caller first.
    await post(
      hub().gateway.url,
      { query: LOOKUP, variables: { idNumber: people[0]!.idNumber } },
      fastHeaders,
    );
    const answered = await fastPathCount('answered');
    for (const person of people) {
      const body = { query: LOOKUP, variables: { idNumber: person.idNumber } };
      const expected = await post(full.url, body, fullHeaders);
      const fast = await post(hub().gateway.url, body, fastHeaders);
      expect(fast).toEqual(expected);
    }
    expect(await fastPathCount('answered')).toBe(answered + 2);
    const auditor = await authHeaders({ roles: ['auditor'] });
    const records = async (caller: string) => {
      const answer = await post(
        full.url,
        {
          query:
            'query ($caller: String!) { personalDataReads(filter: { callerId: $caller }, first: 50) { edges { node { callerKind department purpose purposeNote operation subgraph person { id } fields access } } } }',
          variables: { caller },
        },
        auditor,
      );
      return (JSON.parse(answer.body) as { data: { personalDataReads: { edges: unknown[] } } }).data
        .personalDataReads.edges;
    };
    const fromFull = await records(viaFull);
    const fromFast = await records(viaFast);
    expect(fromFull).toHaveLength(people.length);
    // The fast gateway's caller also made the learning request: one record more, the same kind.
    expect(fromFast).toHaveLength(people.length + 1);
    expect(fromFast.slice(0, people.length)).toEqual(fromFull);
  });
});
