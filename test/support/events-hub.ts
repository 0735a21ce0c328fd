import { randomBytes } from 'node:crypto';
import { RecordingNotifier, shiftDate, type EventBusSettings } from '@cityhub/kit';
import { createEnterprisesSubgraph } from '@cityhub/enterprises';
import { createEventsSubgraph } from '@cityhub/events';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph } from '@cityhub/risk';
import { afterAll, beforeAll, inject } from 'vitest';
import { TEST_REFERENCE_DATE } from './constants.js';
import { startTestHub, testKey } from './hub.js';
import { machineServicePlan } from './machine-services.js';

const NATS_URL = 'nats://127.0.0.1:4222';
// Short retries, so that "down for ten minutes" fits in a test: the schedule is the same, scaled.
export const WEBHOOKS = {
  backoffMs: 100,
  maxBackoffMs: 300,
  maxAttempts: 15,
  timeoutMs: 2_000,
  pollMs: 100,
  concurrency: 32,
};

export const SUBSCRIBE = `mutation ($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { secret subscription { id eventTypes communityCode active } } }`;

type BusSettings = () => Omit<EventBusSettings, 'databaseUrl'>;
const nats = await machineServicePlan('nats');
/** The buses the events tests run on: each its own day, so that their risk runs do not meet. */
export const EVENT_BUSES = (
  [
    ['the embedded PostgreSQL default', 0, () => ({ pollMs: 200 })],
    [
      'NATS JetStream',
      1,
      () => ({
        natsUrl: NATS_URL,
        natsPrefix: `e2e${randomBytes(4).toString('hex')}`,
        pollMs: 200,
      }),
    ],
  ] as Array<[string, number, BusSettings]>
).filter(([name]) => nats.run || name !== 'NATS JetStream');

/**
 * The test hub on one event bus, for the tests of one `describe`: webhooks on a short schedule,
 * enterprise notices recorded by `notifier`, and risk runs reading the hub as `risk-run`.
 */
export function useEventsHub(dayOffset: number, busSettings: BusSettings) {
  let hub: InProcessHub | undefined;
  const notifier = new RecordingNotifier();
  const gatewayUrl = () => hub!.gateway.url;
  const gateway = () => ({
    url: gatewayUrl(),
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
    hub = await startTestHub(undefined, {
      modules,
      events: { ...busSettings(), databaseUrl: inject('databaseUrl') },
    });
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });
  return {
    hub: () => hub!,
    notifier,
    gatewayUrl,
    gateway,
    streamUrl: () => gatewayUrl().replace(/\/graphql$/, '/events/stream'),
    date: shiftDate(TEST_REFERENCE_DATE, dayOffset),
  };
}
