import { randomBytes, randomUUID } from 'node:crypto';
import {
  SCOPES,
  createLogger,
  hubEvent,
  type Caller,
  type Database,
  type HubEvent,
} from '@cityhub/kit';
import { afterAll } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { HandlingManager } from '../src/managers/handling-manager.js';
import { IntakeManager } from '../src/managers/intake-manager.js';
import { ReassignmentManager } from '../src/managers/reassignment-manager.js';
import { RoutingStore } from '../src/repositories/routing-store.js';
import { WorkOrderStore } from '../src/repositories/work-order-store.js';

/**
 * A street code of the test's own (no real street has it), so that tests never see each other's
 * orders and the end-to-end tests' streets never meet these.
 */
export function freshStreet(): string {
  return `9${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
}

export function communityOf(street: string, n = 1): string {
  return `${street}${String(n).padStart(4, '0')}`;
}

export function official(streets: string[] | null, overrides: Partial<Caller> = {}): Caller {
  return {
    kind: 'user',
    id: `official-${randomBytes(3).toString('hex')}`,
    department: 'street',
    roles: ['street-official'],
    scopes: [SCOPES.dispatchRead, SCOPES.dispatchHandle, SCOPES.piiRead],
    streets,
    personId: null,
    purpose: 'test',
    ...overrides,
  };
}

/** A test clock that the test moves. */
export function testClock(start = new Date()) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advanceMinutes(minutes: number) {
      at += minutes * 60_000;
    },
  };
}

export function storesOf(db: Database) {
  return { orders: new WorkOrderStore(db), routing: new RoutingStore(db) };
}

/** The managers of one caller, as a request's context makes them. */
export function managerFor(db: Database, caller: Caller, now: () => Date = () => new Date()) {
  const deps = { db, ...storesOf(db), now, caller, attachmentMaxBytes: 1_024 };
  return {
    intake: new IntakeManager(deps),
    handling: new HandlingManager(deps),
    reassignment: new ReassignmentManager(deps),
  };
}

/** A community of the street turning red, as the risk run announces it. */
export function redCommunityEvent(street: string, community = communityOf(street)): HubEvent {
  return hubEvent(
    'risk.level_changed',
    { streetCode: street, communityCode: community },
    {
      communityCode: community,
      from: 'BLUE',
      to: 'RED',
      score: 71.5,
      runId: 1,
      date: '2020-02-09',
    },
  );
}

export function hotlineCall(street: string, overrides: Record<string, unknown> = {}) {
  return {
    callId: `call-${randomUUID()}`,
    category: 'ENVIRONMENT' as const,
    text: '小区垃圾清运不及时',
    streetCode: street,
    communityCode: communityOf(street),
    location: '测试路12号3室',
    callerPhone: '13812345678',
    callerName: '王小明',
    ...overrides,
  };
}

/** A manual order with placeholder texts: what the test looks at is its place and category. */
export const openOn = (
  manager: ReturnType<typeof managerFor>,
  street: string,
  extra: Partial<Parameters<ReturnType<typeof managerFor>['intake']['open']>[0]> = {},
) =>
  manager.intake.open({
    category: 'OTHER',
    title: 't',
    description: 'd',
    streetCode: street,
    ...extra,
  });

/** A street's orders and an order's steps, as the tables hold them. */
export const ordersOf = (db: Database, street: string) =>
  db('work_orders').where({ street_code: street });
export const stepsOf = (db: Database, orderId: number) =>
  db('work_order_steps').where({ order_id: orderId }).orderBy('id').pluck('action');

/** The run's test database in the department's schema, closed after the file's tests. */
export function dispatchTestDb(): Database {
  const db = testDatabase('dispatch');
  afterAll(() => db.destroy());
  return db;
}

export const logger = createLogger('dispatch-test', 'silent');
