import { describe, expect, it } from 'vitest';
import {
  BadUserInputError,
  HealthCodeGateDocument,
  HubClient,
  OperationNotRegisteredError,
  RateLimitedError,
  UnauthenticatedError,
} from '../src/index.js';
import manifest from '../src/__generated__/persisted-documents.json' with { type: 'json' };

interface Sent {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** A fetch that answers from a script and records what was sent. */
function scriptedFetch(answers: Array<() => Response>) {
  const sent: Sent[] = [];
  const fetch = (async (input: string, init: RequestInit) => {
    sent.push({
      method: init.method ?? 'GET',
      url: new URL(input),
      headers: init.headers as Record<string, string>,
    });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left in the script');
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, sent };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
const GREEN = { person: { healthCode: { color: 'GREEN', changedAt: '2026-11-01T00:00:00Z' } } };

describe('HubClient', () => {
  it('sends a query as GET with its persisted id (the one in the manifest), the key and the purpose', async () => {
    const { fetch, sent } = scriptedFetch([json(200, { data: GREEN })]);
    const client = new HubClient({
      url: 'http://hub.test/graphql',
      apiKey: 'chk_key',
      purpose: 'health-code-check',
      purposeNote: '闸机 A',
      fetch,
    });
    const result = await client.request(HealthCodeGateDocument, { idNumber: '310104' });
    expect(result.person?.healthCode?.color).toBe('GREEN');
    const [request] = sent;
    expect(request!.method).toBe('GET');
    const documentId = request!.url.searchParams.get('documentId')!;
    expect(Object.keys(manifest)).toContain(documentId);
    expect(request!.url.searchParams.has('query')).toBe(false);
    expect(JSON.parse(request!.url.searchParams.get('variables')!)).toEqual({ idNumber: '310104' });
    expect(request!.headers).toMatchObject({
      'x-api-key': 'chk_key',
      'x-purpose': 'health-code-check',
      'x-purpose-note': '%E9%97%B8%E6%9C%BA%20A',
    });
  });

  it('retries a 429 after the Retry-After the hub gives, then gives up with RateLimitedError', async () => {
    const limited = json(
      429,
      { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] },
      { 'retry-after': '7' },
    );
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const recovering = scriptedFetch([limited, limited, json(200, { data: GREEN })]);
    const client = new HubClient({
      url: 'http://hub.test/graphql',
      apiKey: 'k',
      fetch: recovering.fetch,
      sleep,
    });
    await expect(client.request(HealthCodeGateDocument, { idNumber: '1' })).resolves.toEqual(GREEN);
    expect(waits).toEqual([7000, 7000]);
    const stuck = scriptedFetch([limited, limited]);
    const impatient = new HubClient({
      url: 'http://hub.test/graphql',
      apiKey: 'k',
      fetch: stuck.fetch,
      sleep,
      maxRetries: 1,
    });
    const error = await impatient
      .request(HealthCodeGateDocument, { idNumber: '1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(7);
  });

  it("maps the hub's error codes to typed errors", async () => {
    const answers = [
      json(401, {
        errors: [{ message: 'The API key is not valid.', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
      json(403, { errors: [{ message: 'no', extensions: { code: 'OPERATION_NOT_REGISTERED' } }] }),
      json(200, {
        data: null,
        errors: [
          {
            message: 'bad',
            extensions: { code: 'BAD_USER_INPUT', field: 'idNumber', reason: 'checksum' },
          },
        ],
      }),
    ];
    const { fetch } = scriptedFetch(answers);
    const client = new HubClient({ url: 'http://hub.test/graphql', apiKey: 'k', fetch });
    const run = () => client.request(HealthCodeGateDocument, { idNumber: '1' }).catch((e) => e);
    const unauthenticated = await run();
    expect(unauthenticated).toBeInstanceOf(UnauthenticatedError);
    expect(unauthenticated.status).toBe(401);
    expect(await run()).toBeInstanceOf(OperationNotRegisteredError);
    const badInput = await run();
    expect(badInput).toBeInstanceOf(BadUserInputError);
    expect([badInput.field, badInput.reason]).toEqual(['idNumber', 'checksum']);
  });
});
