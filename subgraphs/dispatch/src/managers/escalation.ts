import { hubEvent, type Database, type Logger } from '@cityhub/kit';
import { dispatchOutbox } from '../events.js';
import type { WorkOrderStore } from '../repositories/work-order-store.js';
import { addMinutes, nextLevel, unitAt } from '../routing.js';

/** Orders escalated per transaction: a long backlog is worked off in short transactions. */
const BATCH = 200;

/**
 * Moves every open order past its deadline one rung up the ladder (grid → street → district),
 * with a new deadline of the same length, a history step and an event. The rows are locked and
 * skipped by a concurrent check (another replica), so each passed deadline escalates once.
 */
export async function escalateOverdueOrders(
  db: Database,
  orders: WorkOrderStore,
  now: Date,
  logger: Logger,
): Promise<number> {
  let escalated = 0;
  for (;;) {
    const done = await db.transaction(async (trx) => {
      const overdue = await orders.in(trx).overdue(now, BATCH);
      for (const order of overdue) {
        const { level, unit } = unitAt(nextLevel(order.level)!, order);
        const dueAt = addMinutes(now, order.deadlineMinutes);
        await orders.in(trx).update(order.id, { level, assignedUnit: unit, dueAt });
        await orders.in(trx).addSteps({
          orderId: order.id,
          action: 'ESCALATED',
          actor: 'system:escalation',
          at: now,
          note: `deadline ${new Date(order.dueAt).toISOString()} passed`,
          fromLevel: order.level,
          toLevel: level,
          unit,
        });
        await dispatchOutbox.add(
          trx,
          hubEvent(
            'dispatch.order_escalated',
            { streetCode: order.streetCode, communityCode: order.communityCode },
            { orderId: String(order.id), from: order.level, to: level, dueAt: dueAt.toISOString() },
          ),
        );
      }
      return overdue.length;
    });
    escalated += done;
    if (done < BATCH) break;
  }
  if (escalated) logger.info({ escalated }, 'overdue work orders escalated');
  return escalated;
}
