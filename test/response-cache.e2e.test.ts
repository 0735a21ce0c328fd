import { randomBytes } from 'node:crypto';
import { startGateway } from '@cityhub/gateway';
import { createLogger, hubEvent, openEventBus, type EventBus } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { TEST_JWT_SECRET } from './support/constants.js';
import { authHeaders, startTestHub, testCity, testKey } from './support/hub.js';
import { machineServicePlan } from './support/machine-services.js';
import { post, subgraphRequests, untilMiss } from './support/cached-answers.js';

const audit = testDatabase('audit');
const REDIS_URL = 'redis://127.0.0.1:6379';
const STREET_A = '310104003';
const STREET_B = '310104004';
// The district risk map and the community board of the bench: aggregates a viewer may see.
const RISK_MAP =
  'query RiskMap { district(code: "310104") { riskMap { date communities { communityCode score level } } } }';
const BOARD = `query Board($code: ID!) { community(code: $code) { name healthCodeCounts { green yellow red } } }`;
const RESIDENTS = `query Residents($code: ID!) { community(code: $code) { residents(first: 5) { edges { node { name phone } } } } }`;
const someone = testCity().person(2024);
const streetOf = (communityCode: string) => communityCode.slice(0, 9);

const viewer = (subject = 'cache-viewer') => authHeaders({ subject, roles: ['viewer'] }, null);
const official = (street: string, subject = `cache-official-${street}`) =>
  authHeaders({ subject, roles: ['street-official'], streets: [street] }, null);

/** Every behaviour of the cache, for one store (memory, or Redis shared by replicas). */
function behavesAsResponseCache(store: 'memory' | 'redis') {
  let hub: InProcessHub;
  let bus: EventBus;
  const events = { pollMs: 100, databaseUrl: inject('databaseUrl') };
  beforeAll(async () => {
    hub = await startTestHub(undefined, {
      events,
      ...(store === 'redis'
        ? {
            redisUrl: REDIS_URL,
            responseCache: { redisPrefix: `cityhub-test:${randomBytes(4).toString('hex')}:` },
          }
        : {}),
    });
    bus = await openEventBus(events, createLogger('cache-test', 'silent'));
  }, 180_000);
  afterAll(async () => {
    await bus?.close();
    await hub?.stop();
  });

  it("serves a viewer's aggregate from the cache on the second call, to any viewer", async () => {
    const first = await post(hub, RISK_MAP, await viewer());
    expect(first.body.errors).toBeUndefined();
    expect(first.cache).toBe('miss');
    const requestsBefore = await subgraphRequests(hub);
    const second = await post(hub, RISK_MAP, await viewer('another-viewer'));
    expect(second.cache).toBe('hit');
    // A hit is sent as the text kept with it: the same bytes as the answer computed the first time.
    expect(second.text).toBe(first.text);
    // Background work (event relays) still queries the databases; no subgraph was asked.
    expect(await subgraphRequests(hub)).toBe(requestsBefore);
  });

  it('never shares an answer between callers with different rights', async () => {
    const viewerAnswer = await post(hub, RISK_MAP, await viewer());
    expect(viewerAnswer.cache).toBe('hit');
    const first = await post(hub, RISK_MAP, await official(STREET_A));
    expect(first.cache).toBe('miss');
    expect((await post(hub, RISK_MAP, await official(STREET_A, 'colleague'))).cache).toBe('hit');
    const otherStreet = await post(hub, RISK_MAP, await official(STREET_B));
    expect(otherStreet.cache).toBe('miss');
    expect((await post(hub, RISK_MAP, await official(STREET_B))).cache).toBe('hit');
  });

  it('makes an answer stale when a health-code change reaches its subgraph through the API', async () => {
    const variables = { code: someone.communityCode };
    expect((await post(hub, BOARD, await viewer(), variables)).cache).toBe('miss');
    expect((await post(hub, BOARD, await viewer(), variables)).cache).toBe('hit');
    // A feed record the department refuses: the shared test database stays as it was, and the
    // mutation has still reached the population subgraph, whose answers may then have changed.
    const feed = await authHeaders({ subject: 'hc-cache', roles: ['health-code-feed'] }, null);
    const change = {
      sourceId: `cache-${randomBytes(4).toString('hex')}`,
      idNumber: someone.idNumber,
      color: 'PURPLE',
      changedAt: new Date().toISOString(),
    };
    const receipt = await post(
      hub,
      'mutation ($changes: [HealthCodeChangeInput!]!) { recordHealthCodeChanges(changes: $changes) { rejected } }',
      feed,
      { changes: [change] },
    );
    expect(receipt.body.data).toEqual({ recordHealthCodeChanges: { rejected: 1 } });
    expect((await post(hub, BOARD, await viewer(), variables)).cache).toBe('miss');
  });

  it("makes an answer stale on a risk department's event", async () => {
    await post(hub, RISK_MAP, await viewer());
    expect((await post(hub, RISK_MAP, await viewer())).cache).toBe('hit');
    await bus.publish([
      hubEvent(
        'risk.run_finished',
        { streetCode: null, communityCode: null },
        { runId: -1, date: '2026-11-01', communities: 0, levelChanges: 0 },
      ),
    ]);
    const after = await untilMiss(async () => post(hub, RISK_MAP, await viewer()));
    expect(after.cache).toBe('miss');
    expect(after.body.errors).toBeUndefined();
  });

  it('never keeps personal data, and every read of them stays audited', async () => {
    const subject = `cache-residents-${store}`;
    const headers = await official(streetOf(someone.communityCode), subject);
    const reads = async () =>
      Number(
        (await audit('personal_data_reads').where({ caller_id: subject }).count({ n: '*' }))[0]!.n,
      );
    const before = await reads();
    const variables = { code: someone.communityCode };
    const one = await post(hub, RESIDENTS, headers, variables);
    const two = await post(hub, RESIDENTS, headers, variables);
    expect(one.body.errors).toBeUndefined();
    expect(two.body).toEqual(one.body);
    expect([one.cache, two.cache]).toEqual(['miss', 'miss']);
    const perRequest = (one.body.data!.community.residents.edges as unknown[]).length;
    expect(perRequest).toBeGreaterThan(0);
    expect(await reads()).toBe(before + 2 * perRequest);
  });

  it('never caches a request that states a purpose', async () => {
    const headers = await authHeaders({ subject: 'cache-purpose', roles: ['district-official'] });
    const answers = [await post(hub, RISK_MAP, headers), await post(hub, RISK_MAP, headers)];
    expect(answers.map((answer) => answer.body.errors)).toEqual([undefined, undefined]);
    expect(answers.map((answer) => answer.cache)).toEqual([null, null]);
  });

  it.runIf(store === 'redis')(
    'shares answers and invalidations between gateway replicas',
    async () => {
      const prefix = `cityhub-test:${randomBytes(4).toString('hex')}:`;
      const replicas = await Promise.all(
        [0, 1].map(() =>
          startGateway({
            supergraph: hub.supergraphSdl,
            port: 0,
            host: '127.0.0.1',
            logger: createLogger('cache-test', 'silent'),
            jwtSecret: TEST_JWT_SECRET,
            identityPrivateKey: testKey('gateway'),
            redisUrl: REDIS_URL,
            responseCache: { redisPrefix: prefix },
          }),
        ),
      );
      try {
        const [one, two] = replicas.map((gateway) => ({ gateway }));
        expect((await post(one!, RISK_MAP, await viewer())).cache).toBe('miss');
        expect((await post(two!, RISK_MAP, await viewer())).cache).toBe('hit');
        // A mutation through one replica (refused by the risk department, which it reached).
        const refused = await post(
          two!,
          'mutation { startRiskRun(date: "2026-11-01") { id } }',
          await viewer(),
        );
        expect(refused.body.errors).toBeDefined();
        expect((await post(one!, RISK_MAP, await viewer())).cache).toBe('miss');
      } finally {
        await Promise.all(replicas.map((gateway) => gateway.stop()));
      }
    },
  );

  it('gives GET answers a strong ETag and Cache-Control, and answers 304 to If-None-Match', async () => {
    const url = `${hub.gateway.url}?${new URLSearchParams({ query: RISK_MAP })}`;
    const headers = { ...(await viewer()), 'apollo-require-preflight': 'true' };
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, max-age=30');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await fetch(url, { headers: { ...headers, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const personal = await fetch(
      `${hub.gateway.url}?${new URLSearchParams({ query: RESIDENTS, variables: JSON.stringify({ code: someone.communityCode }) })}`,
      {
        headers: {
          ...(await official(streetOf(someone.communityCode))),
          'apollo-require-preflight': 'true',
        },
      },
    );
    expect(personal.status).toBe(200);
    expect(personal.headers.get('cache-control')).toBe('no-store');
    expect(personal.headers.get('etag')).toBeNull();
  });
}

describe('the response cache in memory', () => {
  behavesAsResponseCache('memory');
});

const redis = await machineServicePlan('redis');
describe.skipIf(!redis.run)('the response cache in Redis', () => {
  behavesAsResponseCache('redis');
});
