import { BadUserInputError, InputProblems, requireStreet } from '@cityhub/kit';
import type { DbWorkOrderRow, NewStep } from '../repositories/rows.js';
import { OPEN_STATUSES, addMinutes, unitAt, type Category, type Level } from '../routing.js';
import { maySee, requireManagerOf, visibilityOf } from './access.js';
import { openOrder } from './intake.js';
import { duplicateProblem, placeOf } from './duplicates.js';
import { changeOrder, isOpen, notInState, type OrderManagerDeps } from './order-change.js';
import {
  MAX_PARTS,
  MAX_TEXT,
  MAX_TITLE,
  orderIdOf,
  placeProblems,
  requireOrderIds,
  requireTexts,
} from './order-input.js';

export interface ReassignInput {
  id: string;
  streetCode?: string | null;
  level?: Level | null;
  handlerId?: string | null;
  handlerPersonId?: string | null;
  reason: string;
}

export interface PartInput {
  title: string;
  description: string;
  category?: Category | null;
}

/** The street's routing decisions: reopen, reassign, merge duplicates, split. */
export class ReassignmentManager {
  constructor(private readonly deps: OrderManagerDeps) {}

  private get caller() {
    return this.deps.caller;
  }

  reopen(id: string, reason: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ reason: [reason, MAX_TEXT] });
    return changeOrder(this.deps, id, 'manage', async (trx, order, now) => {
      if (order.status !== 'RESOLVED') return notInState(order, 'RESOLVED');
      const updated = await this.deps.orders.in(trx).update(order.id, {
        status: 'OPEN',
        resolvedAt: null,
        resolution: null,
        acceptedAt: null,
        dueAt: addMinutes(now, order.deadlineMinutes),
      });
      return { updated, step: { action: 'REOPENED', note: reason.trim() } };
    });
  }

  reassign(input: ReassignInput): Promise<DbWorkOrderRow | null> {
    requireTexts({ 'input.reason': [input.reason, MAX_TEXT] });
    const problems = new InputProblems();
    if (input.streetCode) placeProblems(problems, 'input', input.streetCode, null);
    if (!input.streetCode && !input.level && !input.handlerId && !input.handlerPersonId)
      problems.add('input', 'name a street, a level or a handler');
    problems.throwIfAny();
    if (input.streetCode) requireStreet(this.caller, input.streetCode);
    return changeOrder(this.deps, input.id, 'manage', async (trx, order, now) => {
      if (!isOpen(order)) return notInState(order, 'OPEN or ACCEPTED');
      const moved = input.streetCode && input.streetCode !== order.streetCode;
      const place = {
        streetCode: input.streetCode ?? order.streetCode,
        // A community belongs to one street: moving the order leaves it behind.
        communityCode: moved ? null : order.communityCode,
      };
      const { level, unit } = unitAt(input.level ?? order.level, place);
      const handlerChanged = !!(input.handlerId || input.handlerPersonId);
      const updated = await this.deps.orders.in(trx).update(order.id, {
        ...place,
        level,
        assignedUnit: unit,
        dueAt: level !== order.level ? addMinutes(now, order.deadlineMinutes) : order.dueAt,
        ...(handlerChanged
          ? {
              handlerId: input.handlerId ?? null,
              handlerPersonId: input.handlerPersonId ?? null,
              status: 'OPEN' as const,
              acceptedAt: null,
            }
          : {}),
      });
      return {
        updated,
        step: {
          action: 'REASSIGNED',
          note: input.reason.trim(),
          fromLevel: order.level,
          toLevel: level,
          unit,
        },
      };
    });
  }

  /** Open orders the caller sees that `merge` would take as duplicates of this one. */
  async duplicatesOf(order: DbWorkOrderRow): Promise<DbWorkOrderRow[]> {
    const [rules] = await this.deps.routing.byVersions([order.rulesVersion]);
    const column = order.communityCode ? 'communityCode' : 'streetCode';
    const candidates = await this.deps.orders.pages(
      column,
      [order[column]!],
      { ...visibilityOf(this.caller), statuses: [...OPEN_STATUSES], category: order.category },
      100,
      null,
    );
    return candidates.filter(
      (other) =>
        other.id !== order.id && duplicateProblem(order, other, rules!.mergeWindowMinutes) === null,
    );
  }

  /** Duplicates close as MERGED into the order kept; each must share its place, category and window. */
  async merge(keepId: string, duplicateIds: readonly string[]): Promise<DbWorkOrderRow | null> {
    const keep = orderIdOf(keepId);
    const duplicates = requireOrderIds('duplicateIds', duplicateIds);
    if (duplicates.length === 0 || duplicates.length > 50)
      throw new BadUserInputError('duplicateIds', 'give 1 to 50 orders');
    if (keep === null) return null;
    if (duplicates.includes(keep) || new Set(duplicates).size !== duplicates.length)
      throw new BadUserInputError('duplicateIds', 'each order once, and not the one kept');
    return this.deps.db.transaction(async (trx) => {
      const locked = await this.deps.orders.in(trx).lock([keep, ...duplicates]);
      const kept = locked.find((order) => order.id === keep);
      if (!kept || !maySee(this.caller, kept)) return null;
      requireManagerOf(this.caller, kept.streetCode);
      if (!isOpen(kept)) return notInState(kept, 'OPEN or ACCEPTED');
      const rules = (await this.deps.routing.in(trx).byVersions([kept.rulesVersion]))[0]!;
      const problems = new InputProblems();
      for (const id of duplicates) {
        const order = locked.find((row) => row.id === id);
        problems.add(
          `duplicateIds.${id}`,
          order && maySee(this.caller, order)
            ? duplicateProblem(kept, order, rules.mergeWindowMinutes)
            : 'no such work order',
        );
      }
      problems.throwIfAny();
      const now = this.deps.now();
      const steps: NewStep[] = [];
      const merged = (orderId: number, relatedOrderId: number): NewStep => {
        return { orderId, action: 'MERGED', actor: this.caller.id, at: now, relatedOrderId };
      };
      for (const id of duplicates) {
        await this.deps.orders.in(trx).update(id, { status: 'MERGED', mergedInto: keep });
        steps.push(merged(id, keep), merged(keep, id));
      }
      await this.deps.orders.in(trx).addSteps(...steps);
      return kept;
    });
  }

  /** Each part a new order on the same place, routed by the current rules; the original closes as SPLIT. */
  async split(id: string, parts: readonly PartInput[]): Promise<DbWorkOrderRow[] | null> {
    if (parts.length < 2 || parts.length > MAX_PARTS)
      throw new BadUserInputError('parts', `give 2 to ${MAX_PARTS} parts`);
    requireTexts(
      Object.fromEntries(
        parts.flatMap((part, i) => [
          [`parts.${i}.title`, [part.title, MAX_TITLE]],
          [`parts.${i}.description`, [part.description, MAX_TEXT]],
        ]),
      ),
    );
    const orderId = orderIdOf(id);
    if (orderId === null) return null;
    return this.deps.db.transaction(async (trx) => {
      const [order] = await this.deps.orders.in(trx).lock([orderId]);
      if (!order || !maySee(this.caller, order)) return null;
      requireManagerOf(this.caller, order.streetCode);
      if (!isOpen(order)) return notInState(order, 'OPEN or ACCEPTED');
      const now = this.deps.now();
      const made: DbWorkOrderRow[] = [];
      for (const part of parts) {
        const { order: child } = await openOrder(
          trx,
          this.deps,
          {
            ...placeOf(order),
            source: 'SPLIT',
            sourceId: null,
            splitFrom: order.id,
            category: part.category ?? order.category,
            priority: order.priority,
            title: part.title.trim(),
            description: part.description.trim(),
          },
          this.caller.id,
        );
        made.push(child);
      }
      await this.deps.orders.in(trx).update(order.id, { status: 'SPLIT' });
      await this.deps.orders.in(trx).addSteps(
        ...made.map((child) => ({
          orderId: order.id,
          action: 'SPLIT' as const,
          actor: this.caller.id,
          at: now,
          relatedOrderId: child.id,
        })),
      );
      return made;
    });
  }
}
