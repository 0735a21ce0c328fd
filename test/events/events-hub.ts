import { randomBytes, type KeyObject } from 'node:crypto';
import { RecordingNotifier, createLogger, shiftDate, type EventBusSettings } from '@cityhub/kit';
import { createEnterprisesSubgraph } from '@cityhub/enterprises';
import { createEventsSubgraph } from '@cityhub/events';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph } from '@cityhub/risk';
import { afterAll, beforeAll, inject } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { machineServicePlan } from '../support/machine-services.js';
import { startTestHub, testKey } from '../support/hub.js';

export const risk = testDatabase('risk');
export const enterprises = testDatabase('enterprises');
export const logger = createLogger('events-test', 'silent');
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
/** The buses the hub's events travel on: the embedded default, and NATS where the machine has it. */
export const transports: Array<[string, number, BusSettings]> = (
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

/** The one hub a transport's tests share (two hubs on one database would deliver webhooks twice). */
export interface EventsHub {
  readonly hub: InProcessHub;
  readonly gatewayUrl: string;
  streamUrl(): string;
  /** The day the transport's risk runs assess: each transport its own. */
  readonly date: string;
  notifier: RecordingNotifier;
  /** How the risk department reaches the gateway. */
  gateway(): { url: string; servicePrivateKey: KeyObject; timeoutMs: number };
}

/** Starts the hub for the tests of one transport (before them) and stops it after them. */
export function useEventsHub(dayOffset: number, busSettings: BusSettings): EventsHub {
  let hub: InProcessHub | undefined;
  let gatewayUrl = '';
  const env: EventsHub = {
    get hub() {
      return hub!;
    },
    get gatewayUrl() {
      return gatewayUrl;
    },
    streamUrl: () => gatewayUrl.replace(/\/graphql$/, '/events/stream'),
    date: shiftDate(TEST_REFERENCE_DATE, dayOffset),
    notifier: new RecordingNotifier(),
    gateway: () => ({
      url: gatewayUrl,
      servicePrivateKey: testKey('risk-run'),
      timeoutMs: 60_000,
    }),
  };
  beforeAll(async () => {
    const modules = (await loadSubgraphModules()).map((module) =>
      module.entry.name === 'risk'
        ? { ...module, subgraph: createRiskSubgraph(env.gateway) as never }
        : module.entry.name === 'events'
          ? { ...module, subgraph: createEventsSubgraph(() => WEBHOOKS) as never }
          : module.entry.name === 'enterprises'
            ? { ...module, subgraph: createEnterprisesSubgraph(() => env.notifier) as never }
            : module,
    );
    hub = await startTestHub(undefined, {
      modules,
      events: { ...busSettings(), databaseUrl: inject('databaseUrl') },
    });
    gatewayUrl = hub.gateway.url;
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });
  return env;
}
