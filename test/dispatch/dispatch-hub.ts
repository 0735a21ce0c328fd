import { randomBytes } from 'node:crypto';
import { createLogger, shiftDate } from '@cityhub/kit';
import { createDispatchSubgraph } from '@cityhub/dispatch';
import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph } from '@cityhub/risk';
import { afterAll, beforeAll, inject } from 'vitest';
import { TEST_REFERENCE_DATE } from '../support/constants.js';
import { freshDatabase, testDatabase } from '../support/database.js';
import { startTestHub, testKey } from '../support/hub.js';

export const risk = testDatabase('risk');
export const population = testDatabase('population');
export const enterprises = testDatabase('enterprises');
export const sites = testDatabase('sites');
export const audit = testDatabase('audit');
export const logger = createLogger('dispatch-e2e', 'silent');
export const DATE = shiftDate(TEST_REFERENCE_DATE, -2);

/** The department's clock: real time plus what the test has moved it forward by. */
let offsetMs = 0;
export const clock = () => new Date(Date.now() + offsetMs);
/** Moves the department's clock forward by `ms`. */
export const advanceClock = (ms: number) => (offsetMs += ms);

export const COMMUNITY_ORDERS = `query ($code: ID!) { community(code: $code) { name
  workOrders(statuses: [OPEN, ACCEPTED]) { totalCount edges { node {
    id category priority status level assignedUnit dueAt overdue street { code name } community { name } } } } } }`;
export const STATS = `query ($code: ID!) { street(code: $code) { name workOrderStats {
  open overdue resolvedLast30Days medianMinutesToClose byCategory { category open resolvedLast30Days } } } }`;
export const ORDER = `query ($id: ID!) { workOrder(id: $id) { id status level assignedUnit handlerId callerPhone
  history { action actor at fromLevel toLevel unit note } } }`;

export let hub: InProcessHub;
let database: Awaited<ReturnType<typeof freshDatabase>>;
export const gateway = () => ({
  url: hub.gateway.url,
  servicePrivateKey: testKey('risk-run'),
  timeoutMs: 60_000,
});

beforeAll(async () => {
  // Dispatch keeps its orders in a database of its own here: the test moves its clock forward,
  // and the escalation must not reach other tests' orders.
  database = await freshDatabase();
  const dispatch = createDispatchSubgraph({
    now: clock,
    settings: () => ({
      escalationSchedule: '* * * * * *',
      escalationEnabled: true,
      attachmentMaxBytes: 65_536,
    }),
    consumerName: `dispatch-e2e-${randomBytes(4).toString('hex')}`,
  });
  const modules = (await loadSubgraphModules()).map((module) =>
    module.entry.name === 'risk'
      ? { ...module, subgraph: createRiskSubgraph(gateway) as never }
      : module.entry.name === 'dispatch'
        ? { ...module, subgraph: dispatch as never }
        : module,
  );
  const shared = inject('databaseUrl');
  hub = await startTestHub(undefined, {
    modules,
    databaseUrlOf: (name) => (name === 'dispatch' ? database.url : shared),
    events: { databaseUrl: shared, pollMs: 100 },
  });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await database?.drop();
  await Promise.all([risk, audit, population, enterprises, sites].map((db) => db.destroy()));
});
