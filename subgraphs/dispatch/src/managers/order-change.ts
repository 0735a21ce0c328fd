import type { Caller } from '@cityhub/kit';
import type { Knex } from 'knex';
import type { DbWorkOrderRow, NewStep } from '../repositories/rows.js';
import { OPEN_STATUSES } from '../routing.js';
import { maySee, requireHandlerOf, requireManagerOf } from './access.js';
import type { IntakeDeps } from './intake.js';
import { orderIdOf } from './order-input.js';
import { REFUSALS, refuse } from '../refusals.js';

/** What the managers of one caller's request share. */
export type OrderManagerDeps = IntakeDeps & { caller: Caller; attachmentMaxBytes: number };

export const isOpen = (order: DbWorkOrderRow) =>
  (OPEN_STATUSES as readonly string[]).includes(order.status);

/**
 * One change to one order: locks it, checks that the caller may see it (else null: no such order
 * for them) and may act on it, applies the change and records the step with who and when, all in
 * one transaction.
 */
export async function changeOrder(
  deps: OrderManagerDeps,
  id: string,
  kind: 'work' | 'note' | 'manage',
  apply: (
    trx: Knex.Transaction,
    order: DbWorkOrderRow,
    now: Date,
  ) => Promise<{ updated: DbWorkOrderRow; step: Omit<NewStep, 'orderId' | 'actor' | 'at'> }>,
): Promise<DbWorkOrderRow | null> {
  const { caller } = deps;
  const orderId = orderIdOf(id);
  if (orderId === null) return null;
  return deps.db.transaction(async (trx) => {
    const [order] = await deps.orders.in(trx).lock([orderId]);
    if (!order || !maySee(caller, order)) return null;
    if (kind === 'manage') requireManagerOf(caller, order.streetCode);
    // A reporter may add to the history of their own order; working it is for its handler.
    else if (kind === 'work' || order.reporterPersonId !== caller.personId)
      requireHandlerOf(caller, order);
    const now = deps.now();
    const { updated, step } = await apply(trx, order, now);
    await deps.orders.in(trx).addSteps({ ...step, orderId: order.id, actor: caller.id, at: now });
    return updated;
  });
}

export function notInState(order: DbWorkOrderRow, expected: string): never {
  return refuse(
    REFUSALS.workOrderState,
    `Work order ${order.id} is ${order.status}; this needs it ${expected}.`,
    { orderId: String(order.id), status: order.status },
  );
}
