import { hubEvent, type Database } from '@cityhub/kit';
import type { Knex } from 'knex';
import { dispatchOutbox } from '../events.js';
import type { DbRuleSetRow, DbWorkOrderRow, NewWorkOrder } from '../repositories/rows.js';
import type { RoutingStore } from '../repositories/routing-store.js';
import type { WorkOrderStore } from '../repositories/work-order-store.js';
import { addMinutes, ruleFor, unitAt, type Category, type Priority } from '../routing.js';

/** What an order is about, before routing gives it a unit and a deadline. */
export type OrderRequest = Omit<
  NewWorkOrder,
  'level' | 'assignedUnit' | 'rulesVersion' | 'deadlineMinutes' | 'openedAt' | 'dueAt'
> & { category: Category; priority: Priority };

export interface IntakeDeps {
  db: Database;
  orders: WorkOrderStore;
  routing: RoutingStore;
  now: () => Date;
}

/** Routes a request by a version of the rules: the rung, its unit, the deadline. */
export function routed(request: OrderRequest, rules: DbRuleSetRow, now: Date): NewWorkOrder {
  const rule = ruleFor(rules.rules, request.category, request.priority);
  const { level, unit } = unitAt(rule.level, request);
  return {
    ...request,
    level,
    assignedUnit: unit,
    rulesVersion: rules.version,
    deadlineMinutes: rule.deadlineMinutes,
    openedAt: now,
    dueAt: addMinutes(now, rule.deadlineMinutes),
  };
}

/**
 * Opens an order in the caller's transaction, with its first step and its event. An order whose
 * source id exists already is not opened again: the unique key decides between concurrent intakes
 * of one event (the second waits for the first and inserts nothing), and the existing order is
 * returned with `created: false`.
 */
export async function openOrder(
  trx: Knex.Transaction,
  deps: Omit<IntakeDeps, 'db'>,
  request: OrderRequest,
  actor: string,
): Promise<{ order: DbWorkOrderRow; created: boolean }> {
  const rules = await deps.routing.in(trx).latest();
  const now = deps.now();
  const inserted = await deps.orders.in(trx).insert(routed(request, rules!, now));
  if (!inserted)
    return { order: (await deps.orders.in(trx).bySourceId(request.sourceId!))!, created: false };
  await deps.orders.in(trx).addSteps({
    orderId: inserted.id,
    action: 'OPENED',
    actor,
    at: now,
    toLevel: inserted.level,
    unit: inserted.assignedUnit,
  });
  await dispatchOutbox.add(trx, openedEvent(inserted));
  return { order: inserted, created: true };
}

export function openedEvent(order: DbWorkOrderRow) {
  return hubEvent(
    'dispatch.order_opened',
    {
      streetCode: order.streetCode,
      communityCode: order.communityCode,
      creditCode: order.creditCode,
    },
    {
      orderId: String(order.id),
      category: order.category,
      priority: order.priority,
      level: order.level,
      dueAt: new Date(order.dueAt).toISOString(),
    },
  );
}
