import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Outbox,
  RecordingNotifier,
  createLogger,
  hubEvent,
  shiftDate,
  verifyWebhook,
  type EventBusSettings,
} from '@cityhub/kit';
import { createEnterprisesSubgraph } from '@cityhub/enterprises';
import { createEventsSubgraph } from '@cityhub/events';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph, RiskRunner } from '@cityhub/risk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REFERENCE_DATE } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { authHeaders, graphql, startTestHub, testKey } from './support/hub.js';
import { machineServicePlan } from './support/machine-services.js';
import { FilingManager } from '../subgraphs/enterprises/src/managers/filing-manager.js';
import { EnterpriseStore } from '../subgraphs/enterprises/src/repositories/enterprise-store.js';
import { FilingStore } from '../subgraphs/enterprises/src/repositories/filing-store.js';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { callers, freshEnterprise, registrant } from '../subgraphs/enterprises/test/fixtures.js';

const risk = testDatabase('risk');
const enterprises = testDatabase('enterprises');
const logger = createLogger('events-test', 'silent');
const NATS_URL = 'nats://127.0.0.1:4222';
// Short retries, so that "down for ten minutes" fits in a test: the schedule is the same, scaled.
const WEBHOOKS = {
  backoffMs: 100,
  maxBackoffMs: 300,
  maxAttempts: 15,
  timeoutMs: 2_000,
  pollMs: 100,
  concurrency: 32,
};

interface Received {
  id: string;
  body: Record<string, any>;
  verified: boolean;
}

/** A webhook receiver that keeps what it got, can be taken down and answers with a chosen status. */
async function receiver(secret: () => string) {
  const received: Received[] = [];
  let status = 200;
  const handle = (req: IncomingMessage, body: string) => {
    received.push({
      id: String(req.headers['webhook-id']),
      body: JSON.parse(body),
      verified: verifyWebhook(secret(), req.headers, body),
    });
  };
  let server: Server;
  let port = 0;
  const start = async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (status < 300) handle(req, body);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await start();
  return {
    received,
    url: () => `http://127.0.0.1:${port}/hook`,
    setStatus: (value: number) => (status = value),
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: start,
  };
}

/** Server-Sent Events from the gateway, parsed. */
function followStream(url: string, headers: Record<string, string>) {
  const messages: Array<{ id: string; event: string; data: Record<string, any> }> = [];
  const aborted = new AbortController();
  const opened = (async () => {
    const response = await fetch(url, { headers, signal: aborted.signal });
    return response;
  })();
  const done = opened.then(async (response) => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.data)
            messages.push({
              id: fields.id ?? '',
              event: fields.event ?? '',
              data: JSON.parse(fields.data),
            });
        }
      }
    } catch {
      // aborted
    }
  });
  return {
    messages,
    status: opened.then((response) => response.status),
    close: async () => {
      aborted.abort();
      await done.catch(() => {});
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SUBSCRIBE = `mutation ($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { secret subscription { id eventTypes communityCode active } } }`;

const nats = await machineServicePlan('nats');
const transports: Array<[string, number, () => Omit<EventBusSettings, 'databaseUrl'>]> = [
  ['the embedded PostgreSQL default', 0, () => ({ pollMs: 200 })],
  [
    'NATS JetStream',
    1,
    () => ({ natsUrl: NATS_URL, natsPrefix: `e2e${randomBytes(4).toString('hex')}`, pollMs: 200 }),
  ],
].filter(([name]) => nats.run || name !== 'NATS JetStream') as typeof transports;

describe.each(transports)('events end to end through %s', (_name, dayOffset, busSettings) => {
  let hub: InProcessHub;
  const notifier = new RecordingNotifier();
  let gatewayUrl = '';
  const streamUrl = () => gatewayUrl.replace(/\/graphql$/, '/events/stream');
  const date = shiftDate(TEST_REFERENCE_DATE, dayOffset);
  const gateway = () => ({
    url: gatewayUrl,
    servicePrivateKey: testKey('risk-run'),
    timeoutMs: 60_000,
  });

  beforeAll(async () => {
    const modules = (await loadSubgraphModules()).map((module) =>
      module.entry.name === 'risk'
        ? { ...module, subgraph: createRiskSubgraph(gateway) as never }
        : module.entry.name === 'events'
          ? { ...module, subgraph: createEventsSubgraph(() => WEBHOOKS) as never }
          : module.entry.name === 'enterprises'
            ? { ...module, subgraph: createEnterprisesSubgraph(() => notifier) as never }
            : module,
    );
    const { inject } = await import('vitest');
    hub = await startTestHub(undefined, {
      modules,
      events: { ...busSettings(), databaseUrl: inject('databaseUrl') },
    });
    gatewayUrl = hub.gateway.url;
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('a filing approval gives one notice per person concerned, through the bus to the enterprises department', async () => {
    const enterprise = await freshEnterprise(enterprises, { streetCode: '310104012' });
    const manager = (caller: ReturnType<typeof callers.service>) =>
      new FilingManager(
        enterprises,
        new FilingStore(enterprises),
        new EnterpriseStore(enterprises),
        caller,
        TEST_PERSON_ID_KEY,
      );
    const representative = manager(callers.representative(enterprise.legalRepPersonId));
    const filing = await representative.open(enterprise.creditCode);
    for (const index of [600, 601])
      await manager(callers.anonymous()).register(filing.code, registrant(index));
    await representative.decide(filing.code, null, true, 'APPROVE', null);
    await representative.submit(filing.code);
    await manager(callers.streetOfficial(['310104012'])).review(filing.code, 'APPROVE', null);
    const notices = () => enterprises('notices').where({ filing_code: filing.code });
    // Two decisions, the representative's (recorded: no contact held) and two approval notices.
    await until(
      async () =>
        (await notices()).length === 5 && (await notices()).filter((n) => n.sent_at).length === 4,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await notices()).toHaveLength(5);
    const sent = notifier.sent.filter((notice) => notice.text.includes(filing.code));
    expect(sent.map((notice) => notice.subject).sort()).toEqual([
      '复工登记已确认',
      '复工登记已确认',
      '复工通知',
      '复工通知',
    ]);
  });

  it('lists the event catalogue in the schema', async () => {
    const result = await graphql(
      gatewayUrl,
      '{ eventTypes { type version department scope dataSchema } }',
      undefined,
      {},
    );
    expect(result.errors).toBeUndefined();
    const levelChanged = result.data!.eventTypes.find(
      (type: { type: string }) => type.type === 'risk.level_changed',
    );
    expect(levelChanged).toMatchObject({ version: 1, department: 'risk', scope: 'risk:read' });
    expect(Object.keys(JSON.parse(levelChanged.dataSchema).properties)).toEqual([
      'communityCode',
      'from',
      'to',
      'score',
      'runId',
      'date',
    ]);
  });

  it('a risk run turning a community red gives one signed webhook delivery and one message on the stream, and the stream resumes from Last-Event-ID', async () => {
    const runner = new RiskRunner(risk, gateway(), logger);
    await runner.run(date, 'COMMAND_LINE', 'events-test');
    const red = await risk('risk_assessments')
      .where({ assessed_on: date, level: 'RED' })
      .orderBy('score', 'desc')
      .first();
    expect(red, `a red community on ${date}`).toBeDefined();
    const community: string = red.community_code;
    // What the hub showed before the next run: this community blue.
    await risk('risk_assessments')
      .where({ assessed_on: date, community_code: community })
      .update({ level: 'BLUE' });

    let secret = '';
    const hook = await receiver(() => secret);
    const subscribed = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: hook.url(), eventTypes: ['risk.level_changed'], communityCode: community },
    });
    expect(subscribed.errors).toBeUndefined();
    secret = subscribed.data!.createWebhookSubscription.secret;
    expect(secret).toMatch(/^whsec_/);

    const official = followStream(streamUrl(), await authHeaders({ roles: ['district-official'] }));
    const otherStreet = followStream(
      streamUrl(),
      await authHeaders({ roles: ['street-official'], streets: ['310104999'] }),
    );
    const noRiskScope = followStream(streamUrl(), await authHeaders({ roles: ['railway-feed'] }));
    expect(await official.status).toBe(200);
    expect(await otherStreet.status).toBe(200);
    expect(await followStream(streamUrl(), {}).status).toBe(401);

    const second = await runner.run(date, 'COMMAND_LINE', 'events-test');
    const ofThisRun = (data: Record<string, any>) =>
      data.communityCode === community && data.runId === second.run.id;
    await until(() => hook.received.some((delivery) => ofThisRun(delivery.body.data)));
    await until(() => official.messages.some((message) => ofThisRun(message.data.data)));
    // Anything late would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const deliveries = hook.received.filter((delivery) => ofThisRun(delivery.body.data));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.verified).toBe(true);
    expect(deliveries[0]!.body).toMatchObject({
      type: 'risk.level_changed',
      version: 1,
      source: 'risk',
      communityCode: community,
      data: { from: 'BLUE', to: 'RED', date },
    });
    expect(deliveries[0]!.id).toBe(deliveries[0]!.body.id);
    const streamed = official.messages.filter((message) => ofThisRun(message.data.data));
    expect(streamed).toHaveLength(1);
    expect(streamed[0]!.event).toBe('risk.level_changed');
    expect(streamed[0]!.data.id).toBe(deliveries[0]!.id);
    // Only its own street for a street official. Without risk:read, the levels the risk map
    // shows any signed-in caller (the operations-centre screen), and no other risk event.
    expect(otherStreet.messages.filter((message) => ofThisRun(message.data.data))).toHaveLength(0);
    await until(() => noRiskScope.messages.some((message) => ofThisRun(message.data.data)));
    expect(
      noRiskScope.messages
        .map((message) => message.event)
        .filter((type) => type.startsWith('risk.') && !type.match(/level_changed|run_finished/)),
    ).toEqual([]);
    await Promise.all([official.close(), otherStreet.close(), noRiskScope.close()]);

    // Reconnecting with the position before it receives it again; with its own position, not.
    const headers = await authHeaders({ roles: ['district-official'] });
    const resumedBefore = followStream(streamUrl(), {
      ...headers,
      'last-event-id': String(Number(streamed[0]!.id) - 1),
    });
    const resumedAt = followStream(streamUrl(), { ...headers, 'last-event-id': streamed[0]!.id });
    await until(() => resumedBefore.messages.some((message) => ofThisRun(message.data.data)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resumedBefore.messages[0]!.id).toBe(streamed[0]!.id);
    expect(resumedAt.messages.some((message) => ofThisRun(message.data.data))).toBe(false);
    await Promise.all([resumedBefore.close(), resumedAt.close()]);

    // The delivery log, through the gateway.
    const log = await graphql(
      gatewayUrl,
      `
        query ($id: ID!) {
          webhookSubscription(id: $id) {
            deliveries {
              edges {
                node {
                  eventId
                  eventType
                  status
                  attempts
                  lastStatusCode
                }
              }
            }
          }
        }
      `,
      { id: subscribed.data!.createWebhookSubscription.subscription.id },
    );
    expect(log.errors).toBeUndefined();
    const logged = log.data!.webhookSubscription.deliveries.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    expect(logged).toContainEqual({
      eventId: deliveries[0]!.id,
      eventType: 'risk.level_changed',
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
    });
    await hook.down();
  });

  it('a receiver that was down gets every event once it is back, each once; a dead-lettered delivery is replayed on request', async () => {
    const community = `test-${randomBytes(4).toString('hex')}`;
    let secret = '';
    const hook = await receiver(() => secret);
    const subscribed = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: hook.url(), eventTypes: ['risk.level_changed'], communityCode: community },
    });
    secret = subscribed.data!.createWebhookSubscription.secret;
    const subscriptionId = subscribed.data!.createWebhookSubscription.subscription.id;
    await hook.down();

    const outbox = new Outbox('risk');
    const events = Array.from({ length: 40 }, (_, i) =>
      hubEvent(
        'risk.level_changed',
        { streetCode: '310104003', communityCode: community },
        { communityCode: community, from: 'BLUE', to: 'RED', score: 61, runId: -i, date },
      ),
    );
    await risk.transaction((trx) => outbox.add(trx, ...events));
    const statuses = async () => {
      const rows: Array<{ status: string; attempts: number }> = await hub.subgraphs
        .get('events')!
        .db('webhook_deliveries')
        .where({ subscription_id: subscriptionId })
        .select('status', 'attempts');
      return rows;
    };
    // Down: the deliveries are queued and retried.
    await until(async () => {
      const rows = await statuses();
      return rows.length === events.length && rows.every((row) => row.attempts >= 2);
    });
    expect((await statuses()).every((row) => row.status === 'PENDING')).toBe(true);
    await hook.up();
    await until(() => new Set(hook.received.map((delivery) => delivery.id)).size === events.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.received.map((delivery) => delivery.id).sort()).toEqual(
      events.map((event) => event.id).sort(),
    );
    expect(hook.received.every((delivery) => delivery.verified)).toBe(true);
    expect((await statuses()).every((row) => row.status === 'DELIVERED')).toBe(true);

    // A receiver that keeps failing: dead-lettered after the limit, then replayed.
    hook.setStatus(500);
    const last = hubEvent(
      'risk.level_changed',
      { streetCode: '310104003', communityCode: community },
      { communityCode: community, from: 'RED', to: 'YELLOW', score: 45, runId: -100, date },
    );
    await risk.transaction((trx) => outbox.add(trx, last));
    await until(async () => (await statuses()).some((row) => row.status === 'DEAD'));
    const dead = await graphql(
      gatewayUrl,
      `
        query ($id: ID!) {
          webhookSubscription(id: $id) {
            deliveries(status: DEAD) {
              edges {
                node {
                  eventId
                  attempts
                  lastStatusCode
                }
              }
            }
          }
        }
      `,
      { id: subscriptionId },
    );
    expect(dead.data!.webhookSubscription.deliveries.edges).toEqual([
      { node: { eventId: last.id, attempts: WEBHOOKS.maxAttempts, lastStatusCode: 500 } },
    ]);
    hook.setStatus(200);
    const replayed = await graphql(
      gatewayUrl,
      `
        mutation ($id: ID!, $eventId: ID) {
          replayWebhookDeliveries(subscriptionId: $id, eventId: $eventId)
        }
      `,
      { id: subscriptionId, eventId: last.id },
    );
    expect(replayed).toMatchObject({ data: { replayWebhookDeliveries: 1 } });
    await until(() => hook.received.some((delivery) => delivery.id === last.id));
    // Replaying a time range sends the whole range again: receivers de-duplicate by webhook-id.
    const range = await graphql(
      gatewayUrl,
      `
        mutation ($id: ID!, $from: DateTime) {
          replayWebhookDeliveries(subscriptionId: $id, from: $from)
        }
      `,
      { id: subscriptionId, from: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(range.data!.replayWebhookDeliveries).toBe(events.length + 1);
    await until(() => hook.received.length === 2 * events.length + 2);
    expect(new Set(hook.received.map((delivery) => delivery.id)).size).toBe(events.length + 1);
    await hook.down();
  });

  it('refuses subscriptions beyond the caller: a type without its scope, another street, an unknown type', async () => {
    const contractor = await graphql(
      gatewayUrl,
      SUBSCRIBE,
      { input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['risk.level_changed'] } },
      await authHeaders({ roles: ['railway-feed'] }),
    );
    expect(contractor.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const street = await graphql(
      gatewayUrl,
      SUBSCRIBE,
      {
        input: {
          url: 'http://127.0.0.1:9/hook',
          eventTypes: ['risk.level_changed'],
          streetCode: '310104004',
        },
      },
      await authHeaders({ roles: ['street-official'], streets: ['310104003'] }),
    );
    expect(street.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const unknown = await graphql(gatewayUrl, SUBSCRIBE, {
      input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['risk.nothing'] },
    });
    expect(unknown.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'eventTypes',
    });
    const anonymous = await graphql(gatewayUrl, '{ webhookSubscriptions { id } }', undefined, {});
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
