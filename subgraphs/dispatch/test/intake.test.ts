import { createDatabase } from '@cityhub/kit';
import { describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { escalateOverdueOrders } from '../src/managers/escalation.js';
import { EventIntake } from '../src/managers/event-intake.js';
import { WorkOrderStore } from '../src/repositories/work-order-store.js';
import {
  communityOf,
  freshStreet,
  hotlineCall,
  managerFor,
  official,
  ordersOf,
  redCommunityEvent,
  stepsOf,
  storesOf,
  testClock,
  dispatchTestDb,
  logger,
} from './support.js';

const db = dispatchTestDb();

describe('intake from events', () => {
  it('a red community becomes one order for its street, due within 2 hours, with its event', async () => {
    const street = freshStreet();
    const clock = testClock();
    const intake = new EventIntake({ db, ...storesOf(db), now: clock.now }, logger);
    const event = redCommunityEvent(street);
    expect(await intake.handle([event])).toBe(1);
    const [order] = await ordersOf(db, street);
    expect(order).toMatchObject({
      source: 'EVENT',
      source_id: event.id,
      category: 'RED_COMMUNITY',
      priority: 'URGENT',
      level: 'STREET',
      assigned_unit: street,
      community_code: communityOf(street),
      status: 'OPEN',
      rules_version: expect.any(Number),
    });
    expect(new Date(order.due_at).getTime() - clock.now().getTime()).toBe(120 * 60_000);
    expect(await stepsOf(db, order.id)).toEqual(['OPENED']);
    const events = await db('event_outbox')
      .where({ type: 'dispatch.order_opened' })
      .whereRaw("data->>'orderId' = ?", [String(order.id)]);
    expect(events).toHaveLength(1);
    // A level change to yellow, or an event without a street, asks nothing of anyone.
    const yellow = { ...redCommunityEvent(street), data: { ...event.data, to: 'YELLOW' } };
    expect(await intake.handle([yellow, { ...redCommunityEvent(street), streetCode: null }])).toBe(
      0,
    );
  });

  it('the same event taken in concurrently by many consumers makes one order', async () => {
    const street = freshStreet();
    const event = redCommunityEvent(street);
    // Separate pools: the intakes really race on separate connections.
    const pools = Array.from({ length: 6 }, () => testDatabase('dispatch'));
    try {
      const opened = await Promise.all(
        pools.map((pool) =>
          new EventIntake({ db: pool, ...storesOf(pool), now: () => new Date() }, logger).handle([
            event,
            event,
          ]),
        ),
      );
      expect(opened.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.destroy()));
    }
    const orders = await ordersOf(db, street);
    expect(orders).toHaveLength(1);
    expect(await stepsOf(db, orders[0].id)).toEqual(['OPENED']);
  });
});

describe('hotline intake', () => {
  it('is idempotent by call id, also when the same call arrives twice at once', async () => {
    const street = freshStreet();
    const feed = managerFor(
      db,
      official(null, { roles: ['hotline-feed'], scopes: ['dispatch:intake'] }),
    );
    const call = hotlineCall(street);
    const [first, second] = await Promise.all([
      feed.intake.ingestHotlineCall(call),
      feed.intake.ingestHotlineCall(call),
    ]);
    expect(second.id).toBe(first.id);
    const again = await feed.intake.ingestHotlineCall(call);
    expect(again.id).toBe(first.id);
    expect(await ordersOf(db, street)).toHaveLength(1);
    expect(first).toMatchObject({
      source: 'HOTLINE',
      sourceId: `hotline:${call.callId}`,
      level: 'GRID',
      assignedUnit: communityOf(street),
      callerPhone: '13812345678',
      callerName: '王小明',
    });
  });

  it('refuses a malformed call whole, naming every field, and stores nothing', async () => {
    const street = freshStreet();
    const feed = managerFor(db, official(null));
    const refusal = await feed.intake
      .ingestHotlineCall(hotlineCall(street, { callId: 'has spaces', callerPhone: 'x', text: ' ' }))
      .catch((error) => error);
    expect(refusal.extensions.code).toBe('BAD_USER_INPUT');
    expect(refusal.extensions.problems.map((p: { field: string }) => p.field)).toEqual([
      'input.callId',
      'input.callerPhone',
    ]);
    const text = await feed.intake
      .ingestHotlineCall(hotlineCall(street, { text: ' ' }))
      .catch((e) => e);
    expect(text.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.text' });
    expect(await ordersOf(db, street)).toHaveLength(0);
  });
});

describe('escalation', () => {
  it('moves an overdue order up one rung per passed deadline, grid → street → district, once each', async () => {
    const street = freshStreet();
    const clock = testClock();
    const feed = managerFor(db, official(null), clock.now);
    const order = await feed.intake.ingestHotlineCall(
      hotlineCall(street, { category: 'EPIDEMIC_PREVENTION', priority: 'URGENT' }),
    );
    expect(order).toMatchObject({ level: 'GRID', deadlineMinutes: 60 });
    const store = new WorkOrderStore(db);
    const stored = () => db('work_orders').where({ id: order.id }).first();
    clock.advanceMinutes(59);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect((await stored()).level).toBe('GRID');
    clock.advanceMinutes(2);
    // Two replicas at once: one escalation.
    await Promise.all([
      escalateOverdueOrders(db, store, clock.now(), logger),
      escalateOverdueOrders(db, store, clock.now(), logger),
    ]);
    expect(await stored()).toMatchObject({ level: 'STREET', assigned_unit: street });
    clock.advanceMinutes(61);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect(await stored()).toMatchObject({ level: 'DISTRICT', assigned_unit: street.slice(0, 6) });
    clock.advanceMinutes(600);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect(await stepsOf(db, order.id)).toEqual(['OPENED', 'ESCALATED', 'ESCALATED']);
    expect(
      await db('event_outbox')
        .where({ type: 'dispatch.order_escalated' })
        .whereRaw("data->>'orderId' = ?", [String(order.id)]),
    ).toHaveLength(2);
  });
});

describe('under load', () => {
  it('many calls at once on a small pool all become orders: a transaction never waits for a second connection', async () => {
    const street = freshStreet();
    const small = createDatabase({ url: inject('databaseUrl'), schema: 'dispatch', poolMax: 2 });
    try {
      const feed = managerFor(small, official(null));
      const orders = await Promise.all(
        Array.from({ length: 12 }, () => feed.intake.ingestHotlineCall(hotlineCall(street))),
      );
      expect(new Set(orders.map((order) => order.id)).size).toBe(12);
    } finally {
      await small.destroy();
    }
  }, 20_000);
});
