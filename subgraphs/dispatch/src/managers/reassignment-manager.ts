import { BadUserInputError, InputProblems, requireStreet } from '@cityhub/kit';
import type { DbWorkOrderRow, NewStep } from '../repositories/rows.js';
import { OPEN_STATUSES, addMinutes, unitAt, type Category, type Level } from '../routing.js';
import { maySee, requireManagerOf, visibilityOf } from './access.js';
import { openOrder } from './intake.js';
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
        resolved_at: null,
        resolution: null,
        accepted_at: null,
        due_at: addMinutes(now, order.deadline_minutes),
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
      const moved = input.streetCode && input.streetCode !== order.street_code;
      const place = {
        street_code: input.streetCode ?? order.street_code,
        // A community belongs to one street: moving the order leaves it behind.
        community_code: moved ? null : order.community_code,
      };
      const { level, unit } = unitAt(input.level ?? order.level, place);
      const handlerChanged = !!(input.handlerId || input.handlerPersonId);
      const updated = await this.deps.orders.in(trx).update(order.id, {
        ...place,
        level,
        assigned_unit: unit,
        due_at: level !== order.level ? addMinutes(now, order.deadline_minutes) : order.due_at,
        ...(handlerChanged
          ? {
              handler_id: input.handlerId ?? null,
              handler_person_id: input.handlerPersonId ?? null,
              status: 'OPEN' as const,
              accepted_at: null,
            }
          : {}),
      });
      return {
        updated,
        step: {
          action: 'REASSIGNED',
          note: input.reason.trim(),
          from_level: order.level,
          to_level: level,
          unit,
        },
      };
    });
  }

  /** Open orders the caller sees that `merge` would take as duplicates of this one. */
  async duplicatesOf(order: DbWorkOrderRow): Promise<DbWorkOrderRow[]> {
    const [rules] = await this.deps.routing.byVersions([order.rules_version]);
    const column = order.community_code ? 'community_code' : 'street_code';
    const candidates = await this.deps.orders.pages(
      column,
      [order[column]!],
      { ...visibilityOf(this.caller), statuses: [...OPEN_STATUSES], category: order.category },
      100,
      null,
    );
    return candidates.filter(
      (other) =>
        other.id !== order.id &&
        duplicateProblem(order, other, rules!.merge_window_minutes) === null,
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
      requireManagerOf(this.caller, kept.street_code);
      if (!isOpen(kept)) return notInState(kept, 'OPEN or ACCEPTED');
      const rules = (await this.deps.routing.in(trx).byVersions([kept.rules_version]))[0]!;
      const problems = new InputProblems();
      for (const id of duplicates) {
        const order = locked.find((row) => row.id === id);
        problems.add(
          `duplicateIds.${id}`,
          order && maySee(this.caller, order)
            ? duplicateProblem(kept, order, rules.merge_window_minutes)
            : 'no such work order',
        );
      }
      problems.throwIfAny();
      const now = this.deps.now();
      const steps: NewStep[] = [];
      for (const id of duplicates) {
        await this.deps.orders.in(trx).update(id, { status: 'MERGED', merged_into: keep });
        steps.push(
          {
            order_id: id,
            action: 'MERGED',
            actor: this.caller.id,
            at: now,
            related_order_id: keep,
          },
          {
            order_id: keep,
            action: 'MERGED',
            actor: this.caller.id,
            at: now,
            related_order_id: id,
          },
        );
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
      requireManagerOf(this.caller, order.street_code);
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
            source_id: null,
            split_from: order.id,
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
          order_id: order.id,
          action: 'SPLIT' as const,
          actor: this.caller.id,
          at: now,
          related_order_id: child.id,
        })),
      );
      return made;
    });
  }
}

function placeOf(order: DbWorkOrderRow) {
  return {
    street_code: order.street_code,
    community_code: order.community_code,
    credit_code: order.credit_code,
    site_id: order.site_id,
    location: order.location,
    reporter_person_id: order.reporter_person_id,
    caller_phone: order.caller_phone,
    caller_name: order.caller_name,
  };
}

/** Why an order is no duplicate of the one kept; null when it is. */

export function duplicateProblem(
  kept: DbWorkOrderRow,
  order: DbWorkOrderRow,
  windowMinutes: number,
): string | null {
  if (!isOpen(order)) return `is ${order.status}, not open`;
  if (order.category !== kept.category) return `is ${order.category}, not ${kept.category}`;
  if (order.street_code !== kept.street_code || order.community_code !== kept.community_code)
    return 'is about another place';
  const apart = Math.abs(new Date(order.opened_at).getTime() - new Date(kept.opened_at).getTime());
  if (apart > windowMinutes * 60_000)
    return `was opened more than ${windowMinutes} minutes apart from the order kept`;
  return null;
}
