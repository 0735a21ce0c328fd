import { createDatabase, createLogger, type Database } from '@cityhub/kit';
import { afterAll, describe, expect, inject, it } from 'vitest';
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
  redCommunityEvent,
  storesOf,
  testClock,
} from './support.js';

const db: Database = testDatabase('dispatch');
afterAll(() => db.destroy());
const logger = createLogger('dispatch-test', 'silent');
/** A manual order with placeholder texts: what the test looks at is its place and category. */
const openOn = (
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
const ordersOf = (street: string) => db('work_orders').where({ street_code: street });
const stepsOf = (orderId: number) =>
  db('work_order_steps').where({ order_id: orderId }).orderBy('id').pluck('action');

describe('intake from events', () => {
  it('a red community becomes one order for its street, due within 2 hours, with its event', async () => {
    const street = freshStreet();
    const clock = testClock();
    const intake = new EventIntake({ db, ...storesOf(db), now: clock.now }, logger);
    const event = redCommunityEvent(street);
    expect(await intake.handle([event])).toBe(1);
    const [order] = await ordersOf(street);
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
    expect(await stepsOf(order.id)).toEqual(['OPENED']);
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
    const orders = await ordersOf(street);
    expect(orders).toHaveLength(1);
    expect(await stepsOf(orders[0].id)).toEqual(['OPENED']);
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
    expect(await ordersOf(street)).toHaveLength(1);
    expect(first).toMatchObject({
      source: 'HOTLINE',
      source_id: `hotline:${call.callId}`,
      level: 'GRID',
      assigned_unit: communityOf(street),
      caller_phone: '13812345678',
      caller_name: '王小明',
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
    expect(await ordersOf(street)).toHaveLength(0);
  });
});

describe('handling', () => {
  it('accept, note, attach, ask for help, resolve, reopen: each step with who and when', async () => {
    const street = freshStreet();
    const clock = testClock();
    const me = official([street]);
    const manager = managerFor(db, me, clock.now);
    const order = await manager.intake.open({
      category: 'HOUSING',
      title: '楼道漏水',
      description: '三楼楼道漏水',
      streetCode: street,
      communityCode: communityOf(street),
    });
    clock.advanceMinutes(5);
    expect(await manager.handling.accept(String(order.id))).toMatchObject({
      status: 'ACCEPTED',
      handler_id: me.id,
    });
    const twice = await manager.handling.accept(String(order.id)).catch((e) => e);
    expect(twice.extensions).toMatchObject({ code: 'WORK_ORDER_STATE', status: 'ACCEPTED' });
    await manager.handling.note(String(order.id), '已联系物业');
    const attachment = await manager.handling.attach({
      orderId: String(order.id),
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      contentBase64: Buffer.from('jpeg bytes').toString('base64'),
    });
    expect(attachment!.content.toString()).toBe('jpeg bytes');
    const tooBig = await manager.handling
      .attach({
        orderId: String(order.id),
        fileName: 'big.bin',
        contentType: 'application/octet-stream',
        contentBase64: Buffer.alloc(2_000).toString('base64'),
      })
      .catch((e) => e);
    expect(tooBig.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'input.contentBase64',
    });
    expect(await manager.handling.requestHelp(String(order.id), '需要房管所协助')).toMatchObject({
      help_requested: true,
    });
    clock.advanceMinutes(55);
    const resolved = await manager.handling.resolve(String(order.id), '已修复水管');
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolution: '已修复水管',
      help_requested: false,
    });
    expect(new Date(resolved!.resolved_at!).getTime() - new Date(order.opened_at).getTime()).toBe(
      60 * 60_000,
    );
    expect(await manager.reassignment.reopen(String(order.id), '居民反映仍漏水')).toMatchObject({
      status: 'OPEN',
      resolved_at: null,
    });
    const steps = await db('work_order_steps').where({ order_id: order.id }).orderBy('id');
    expect(steps.map((s) => s.action)).toEqual([
      'OPENED',
      'ACCEPTED',
      'NOTE',
      'ATTACHMENT',
      'HELP_REQUESTED',
      'RESOLVED',
      'REOPENED',
    ]);
    expect(steps.every((s) => s.actor === me.id)).toBe(true);
    expect(new Date(steps[5].at).getTime()).toBe(clock.now().getTime());
    expect(
      await db('event_outbox')
        .where({ type: 'dispatch.order_resolved' })
        .whereRaw("data->>'orderId' = ?", [String(order.id)]),
    ).toHaveLength(1);
  });

  it('keeps officials to their streets and handlers to their orders', async () => {
    const street = freshStreet();
    const other = freshStreet();
    const owner = managerFor(db, official([street]));
    const order = await openOn(owner, street);
    const outsider = managerFor(db, official([other]));
    expect(await outsider.handling.accept(String(order.id))).toBeNull();
    const opening = await outsider.intake
      .open({ category: 'OTHER', title: 't', description: 'd', streetCode: street })
      .catch((e) => e);
    expect(opening.extensions.code).toBe('FORBIDDEN');
    await owner.reassignment.reassign({
      id: String(order.id),
      handlerId: 'grid-worker-7',
      reason: '网格员处理',
    });
    const worker = managerFor(
      db,
      official(null, { id: 'grid-worker-7', scopes: [], roles: ['viewer'] }),
    );
    expect(await worker.handling.accept(String(order.id))).toMatchObject({
      status: 'ACCEPTED',
      handler_id: 'grid-worker-7',
    });
    // A handler works the order but does not route it.
    const merging = await worker.reassignment.reopen(String(order.id), 'x').catch((e) => e);
    expect(merging.extensions.code).toBe('FORBIDDEN');
  });
});

describe('merge and split', () => {
  it('merges duplicates of the same place and category within the window, refuses others', async () => {
    const street = freshStreet();
    const clock = testClock();
    const manager = managerFor(db, official([street]), clock.now);
    const open = (category: 'ENVIRONMENT' | 'HOUSING', community = 1) =>
      manager.intake.open({
        category,
        title: 't',
        description: 'd',
        streetCode: street,
        communityCode: communityOf(street, community),
      });
    const keep = await open('ENVIRONMENT');
    const duplicate = await open('ENVIRONMENT');
    const otherCategory = await open('HOUSING');
    const otherPlace = await open('ENVIRONMENT', 2);
    const refusal = await manager.reassignment
      .merge(String(keep.id), [
        String(duplicate.id),
        String(otherCategory.id),
        String(otherPlace.id),
      ])
      .catch((e) => e);
    expect(refusal.extensions.problems.map((p: { field: string }) => p.field)).toEqual([
      `duplicateIds.${otherCategory.id}`,
      `duplicateIds.${otherPlace.id}`,
    ]);
    expect((await db('work_orders').where({ id: duplicate.id }).first()).status).toBe('OPEN');
    await manager.reassignment.merge(String(keep.id), [String(duplicate.id)]);
    expect(await db('work_orders').where({ id: duplicate.id }).first()).toMatchObject({
      status: 'MERGED',
      merged_into: keep.id,
    });
    clock.advanceMinutes(25 * 60);
    const late = await open('ENVIRONMENT');
    const outsideWindow = await manager.reassignment
      .merge(String(keep.id), [String(late.id)])
      .catch((e) => e);
    expect(outsideWindow.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('splits an order into parts on the same place; the original closes as SPLIT', async () => {
    const street = freshStreet();
    const manager = managerFor(db, official([street]));
    const order = await openOn(manager, street, { communityCode: communityOf(street) });
    const parts = await manager.reassignment.split(String(order.id), [
      { title: '清运', description: '垃圾清运', category: 'ENVIRONMENT' },
      { title: '占道', description: '占道经营', category: 'MARKET_ORDER' },
    ]);
    expect(parts!.map((p) => [p.category, p.level, p.split_from, p.community_code])).toEqual([
      ['ENVIRONMENT', 'GRID', order.id, communityOf(street)],
      ['MARKET_ORDER', 'STREET', order.id, communityOf(street)],
    ]);
    expect((await db('work_orders').where({ id: order.id }).first()).status).toBe('SPLIT');
    expect(await stepsOf(order.id)).toEqual(['OPENED', 'SPLIT', 'SPLIT']);
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
    expect(order).toMatchObject({ level: 'GRID', deadline_minutes: 60 });
    const store = new WorkOrderStore(db);
    const level = async () => (await db('work_orders').where({ id: order.id }).first()).level;
    clock.advanceMinutes(59);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect(await level()).toBe('GRID');
    clock.advanceMinutes(2);
    // Two replicas at once: one escalation.
    await Promise.all([
      escalateOverdueOrders(db, store, clock.now(), logger),
      escalateOverdueOrders(db, store, clock.now(), logger),
    ]);
    expect(await db('work_orders').where({ id: order.id }).first()).toMatchObject({
      level: 'STREET',
      assigned_unit: street,
    });
    clock.advanceMinutes(61);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect(await db('work_orders').where({ id: order.id }).first()).toMatchObject({
      level: 'DISTRICT',
      assigned_unit: street.slice(0, 6),
    });
    clock.advanceMinutes(600);
    await escalateOverdueOrders(db, store, clock.now(), logger);
    expect(await stepsOf(order.id)).toEqual(['OPENED', 'ESCALATED', 'ESCALATED']);
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
