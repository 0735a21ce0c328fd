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
  'level' | 'assigned_unit' | 'rules_version' | 'deadline_minutes' | 'opened_at' | 'due_at'
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
    assigned_unit: unit,
    rules_version: rules.version,
    deadline_minutes: rule.deadlineMinutes,
    opened_at: now,
    due_at: addMinutes(now, rule.deadlineMinutes),
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
    return { order: (await deps.orders.in(trx).bySourceId(request.source_id!))!, created: false };
  await deps.orders.in(trx).addSteps({
    order_id: inserted.id,
    action: 'OPENED',
    actor,
    at: now,
    to_level: inserted.level,
    unit: inserted.assigned_unit,
  });
  await dispatchOutbox.add(trx, openedEvent(inserted));
  return { order: inserted, created: true };
}

export function openedEvent(order: DbWorkOrderRow) {
  return hubEvent(
    'dispatch.order_opened',
    {
      streetCode: order.street_code,
      communityCode: order.community_code,
      creditCode: order.credit_code,
    },
    {
      orderId: String(order.id),
      category: order.category,
      priority: order.priority,
      level: order.level,
      dueAt: new Date(order.due_at).toISOString(),
    },
  );
}
