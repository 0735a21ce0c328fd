import { describe, expect, it } from 'vitest';
import {
  communityOf,
  freshStreet,
  managerFor,
  official,
  openOn,
  stepsOf,
  testClock,
  dispatchTestDb,
} from './support.js';

const db = dispatchTestDb();

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
      handlerId: me.id,
    });
    const twice = await manager.handling.accept(String(order.id)).catch((e) => e);
    expect(twice.extensions).toMatchObject({ code: 'WORK_ORDER_STATE', status: 'ACCEPTED' });
    await manager.handling.note(String(order.id), '已联系物业');
    const attach = (fileName: string, contentType: string, content: Buffer) =>
      manager.handling.attach({
        orderId: String(order.id),
        fileName,
        contentType,
        contentBase64: content.toString('base64'),
      });
    const attachment = await attach('photo.jpg', 'image/jpeg', Buffer.from('jpeg bytes'));
    expect(attachment!.content.toString()).toBe('jpeg bytes');
    const tooBig = await attach('big.bin', 'application/octet-stream', Buffer.alloc(2_000)).catch(
      (e) => e,
    );
    expect(tooBig.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'input.contentBase64',
    });
    expect(await manager.handling.requestHelp(String(order.id), '需要房管所协助')).toMatchObject({
      helpRequested: true,
    });
    clock.advanceMinutes(55);
    const resolved = await manager.handling.resolve(String(order.id), '已修复水管');
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolution: '已修复水管',
      helpRequested: false,
    });
    expect(new Date(resolved!.resolvedAt!).getTime() - new Date(order.openedAt).getTime()).toBe(
      60 * 60_000,
    );
    expect(await manager.reassignment.reopen(String(order.id), '居民反映仍漏水')).toMatchObject({
      status: 'OPEN',
      resolvedAt: null,
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
      handlerId: 'grid-worker-7',
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
    expect(parts!.map((p) => [p.category, p.level, p.splitFrom, p.communityCode])).toEqual([
      ['ENVIRONMENT', 'GRID', order.id, communityOf(street)],
      ['MARKET_ORDER', 'STREET', order.id, communityOf(street)],
    ]);
    expect((await db('work_orders').where({ id: order.id }).first()).status).toBe('SPLIT');
    expect(await stepsOf(db, order.id)).toEqual(['OPENED', 'SPLIT', 'SPLIT']);
  });
});
