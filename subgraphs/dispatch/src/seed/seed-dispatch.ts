import { columnsOf, recordsOf } from '@cityhub/kit';
import type { SeedFunction } from '@cityhub/synthetic-city';
import type { DbWorkOrderRow, NewStep, NewWorkOrder } from '../repositories/rows.js';
import { INITIAL_RULES, addMinutes, ruleFor, unitAt, type Category } from '../routing.js';

const ORDERS_PER_STREET = 8;
const HOTLINE_CATEGORIES: Category[] = ['ENVIRONMENT', 'HOUSING', 'MARKET_ORDER', 'OTHER'];
const COMPLAINTS: Record<string, string> = {
  ENVIRONMENT: '小区垃圾清运不及时，楼道堆放杂物',
  HOUSING: '楼上漏水影响住户，物业未处理',
  MARKET_ORDER: '沿街商铺占道经营',
  OTHER: '小区门口路灯损坏',
};

/**
 * A few hotline orders per street, so that the demo's queues and statistics are not empty: six
 * resolved in the last weeks, one open, one open past its deadline. Idempotent by source id.
 */
export const seedDispatch: SeedFunction = async ({ db, city }) => {
  const today = new Date(`${city.referenceDate}T09:00:00+08:00`);
  const orders: NewWorkOrder[] = [];
  const resolveAfter = new Map<string, number>();
  city.geography.streets.forEach((street, s) => {
    const communities = city.geography.communities.filter((c) => c.streetCode === street.code);
    for (let i = 0; i < ORDERS_PER_STREET; i++) {
      const category = HOTLINE_CATEGORIES[(s + i) % HOTLINE_CATEGORIES.length]!;
      const community = communities[(i * 7 + s) % Math.max(communities.length, 1)];
      const rule = ruleFor(INITIAL_RULES.rules, category, 'NORMAL');
      const place = { streetCode: street.code, communityCode: community?.code ?? null };
      const { level, unit } = unitAt(rule.level, place);
      // Resolved ones opened 2–20 days ago; the open ones today, one of them long overdue.
      const openedAt =
        i < 6
          ? addMinutes(today, -((i + 1) * 3 + (s % 3)) * 24 * 60)
          : addMinutes(today, i === 7 ? -3 * rule.deadlineMinutes : -30);
      const sourceId = `seed:${street.code}:${i}`;
      if (i < 6) resolveAfter.set(sourceId, 90 + ((s * 37 + i * 113) % 1_200));
      orders.push({
        ...place,
        source: 'HOTLINE',
        sourceId: sourceId,
        category,
        priority: 'NORMAL',
        level,
        assignedUnit: unit,
        title: `12345 ${COMPLAINTS[category]}`,
        description: COMPLAINTS[category]!,
        creditCode: null,
        siteId: null,
        location: `${street.roads[i % street.roads.length]}${100 + i * 11}号`,
        reporterPersonId: null,
        callerPhone: `1380${String(s).padStart(3, '0')}${String(1000 + i).slice(-4)}`,
        callerName: null,
        rulesVersion: 1,
        deadlineMinutes: rule.deadlineMinutes,
        openedAt: openedAt,
        dueAt: addMinutes(openedAt, rule.deadlineMinutes),
        splitFrom: null,
      });
    }
  });
  // One transaction: an interrupted seed leaves nothing, and the next one starts over.
  return db.transaction(async (trx) => {
    const inserted = await recordsOf<DbWorkOrderRow>(
      trx('work_orders')
        .insert(orders.map((order) => columnsOf(order)))
        .onConflict('source_id')
        .ignore()
        .returning('*'),
    );
    if (inserted.length === 0) return 'already-seeded' as const;
    const steps: NewStep[] = [];
    for (const order of inserted) {
      const opened = new Date(order.openedAt);
      steps.push({
        orderId: order.id,
        action: 'OPENED',
        actor: 'system:hotline',
        at: opened,
        toLevel: order.level,
        unit: order.assignedUnit,
      });
      const minutes = resolveAfter.get(order.sourceId!);
      if (minutes === undefined) continue;
      const accepted = addMinutes(opened, 20);
      const resolved = addMinutes(opened, minutes);
      steps.push(
        { orderId: order.id, action: 'ACCEPTED', actor: 'seed-grid-worker', at: accepted },
        {
          orderId: order.id,
          action: 'RESOLVED',
          actor: 'seed-grid-worker',
          at: resolved,
          note: '已现场处置，居民确认',
        },
      );
      await trx('work_orders')
        .where({ id: order.id })
        .update(
          columnsOf<Partial<DbWorkOrderRow>>({
            status: 'RESOLVED',
            handlerId: 'seed-grid-worker',
            acceptedAt: accepted,
            resolvedAt: resolved,
            resolution: '已现场处置，居民确认',
          }),
        );
    }
    await trx('work_order_steps').insert(steps.map((step) => columnsOf(step)));
    return 'seeded' as const;
  });
};
