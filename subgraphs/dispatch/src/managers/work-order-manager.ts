import {
  BadUserInputError,
  ConflictError,
  InputProblems,
  hubEvent,
  requireStreet,
  type Caller,
} from '@cityhub/kit';
import type { Knex } from 'knex';
import { dispatchOutbox } from '../events.js';
import type { DbAttachmentRow, DbWorkOrderRow, NewStep } from '../repositories/rows.js';
import {
  OPEN_STATUSES,
  addMinutes,
  unitAt,
  type Category,
  type Level,
  type Priority,
} from '../routing.js';
import { maySee, requireHandlerOf, requireManagerOf } from './access.js';
import { openOrder, type IntakeDeps } from './intake.js';
import {
  MAX_PARTS,
  MAX_TEXT,
  MAX_TITLE,
  orderIdOf,
  placeProblems,
  requireOrderIds,
  requireTexts,
  textProblem,
} from './order-input.js';

export interface OpenOrderInput {
  category: Category;
  priority?: Priority | null;
  title: string;
  description: string;
  streetCode: string;
  communityCode?: string | null;
  creditCode?: string | null;
  siteId?: string | null;
  location?: string | null;
  reporterPersonId?: string | null;
}

export interface HotlineCallInput {
  callId: string;
  category: Category;
  text: string;
  streetCode: string;
  communityCode?: string | null;
  location: string;
  callerPhone: string;
  callerName?: string | null;
  priority?: Priority | null;
}

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

export interface AttachmentInput {
  orderId: string;
  fileName: string;
  contentType: string;
  contentBase64: string;
}

const isOpen = (order: DbWorkOrderRow) =>
  (OPEN_STATUSES as readonly string[]).includes(order.status);

/**
 * The life of a work order, for one caller: opening by hand or from the hotline, handling,
 * routing decisions. Each change locks the order, checks its state, and writes the change, its
 * history step and its event in one transaction.
 */
export class WorkOrderManager {
  constructor(private readonly deps: IntakeDeps & { caller: Caller; attachmentMaxBytes: number }) {}

  private get caller(): Caller {
    return this.deps.caller;
  }

  async open(input: OpenOrderInput): Promise<DbWorkOrderRow> {
    const problems = new InputProblems();
    placeProblems(problems, 'input', input.streetCode, input.communityCode);
    if (input.location && input.location.length > MAX_TITLE)
      problems.add('input.location', `at most ${MAX_TITLE} characters`);
    problems.throwIfAny();
    requireTexts({
      'input.title': [input.title, MAX_TITLE],
      'input.description': [input.description, MAX_TEXT],
    });
    requireStreet(this.caller, input.streetCode);
    return this.deps.db.transaction(async (trx) => {
      const { order } = await openOrder(
        trx,
        this.deps,
        {
          source: 'MANUAL',
          source_id: null,
          category: input.category,
          priority: input.priority ?? 'NORMAL',
          title: input.title.trim(),
          description: input.description.trim(),
          street_code: input.streetCode,
          community_code: input.communityCode ?? null,
          credit_code: input.creditCode ?? null,
          site_id: input.siteId ?? null,
          location: input.location?.trim() || null,
          reporter_person_id: input.reporterPersonId ?? null,
          caller_phone: null,
          caller_name: null,
          split_from: null,
        },
        this.caller.id,
      );
      return order;
    });
  }

  /** Idempotent by the hotline's call id: a call sent again returns its order unchanged. */
  async ingestHotlineCall(input: HotlineCallInput): Promise<DbWorkOrderRow> {
    const problems = new InputProblems();
    if (!/^[\w.:-]{1,64}$/.test(input.callId))
      problems.add('input.callId', '1 to 64 letters, digits, dots, colons, dashes or underscores');
    placeProblems(problems, 'input', input.streetCode, input.communityCode);
    if (!/^\+?\d{5,20}$/.test(input.callerPhone))
      problems.add('input.callerPhone', 'must be 5 to 20 digits');
    if (input.callerName && input.callerName.length > 50)
      problems.add('input.callerName', 'at most 50 characters');
    problems.throwIfAny();
    requireTexts({
      'input.text': [input.text, MAX_TEXT],
      'input.location': [input.location, MAX_TITLE],
    });
    const text = input.text.trim();
    return this.deps.db.transaction(async (trx) => {
      const { order } = await openOrder(
        trx,
        this.deps,
        {
          source: 'HOTLINE',
          source_id: `hotline:${input.callId}`,
          category: input.category,
          priority: input.priority ?? 'NORMAL',
          title: `12345 ${text.slice(0, 40)}`,
          description: text,
          street_code: input.streetCode,
          community_code: input.communityCode ?? null,
          credit_code: null,
          site_id: null,
          location: input.location.trim(),
          reporter_person_id: null,
          caller_phone: input.callerPhone,
          caller_name: input.callerName?.trim() || null,
          split_from: null,
        },
        this.caller.id,
      );
      return order;
    });
  }

  accept(id: string): Promise<DbWorkOrderRow | null> {
    return this.change(id, 'work', async (trx, order, now) => {
      if (order.status !== 'OPEN') throw notInState(order, 'OPEN');
      const updated = await this.deps.orders.update(trx, order.id, {
        status: 'ACCEPTED',
        accepted_at: now,
        handler_id: order.handler_id ?? this.caller.id,
        handler_person_id: order.handler_person_id ?? this.caller.personId,
      });
      return { updated, step: { action: 'ACCEPTED' } };
    });
  }

  note(id: string, text: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ text: [text, MAX_TEXT] });
    return this.change(id, 'note', async (_trx, order) => ({
      updated: order,
      step: { action: 'NOTE', note: text.trim() },
    }));
  }

  requestHelp(id: string, reason: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ reason: [reason, MAX_TEXT] });
    return this.change(id, 'work', async (trx, order) => {
      if (!isOpen(order)) throw notInState(order, 'OPEN or ACCEPTED');
      const updated = await this.deps.orders.update(trx, order.id, { help_requested: true });
      return { updated, step: { action: 'HELP_REQUESTED', note: reason.trim() } };
    });
  }

  resolve(id: string, evidence: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ evidence: [evidence, MAX_TEXT] });
    return this.change(id, 'work', async (trx, order, now) => {
      if (!isOpen(order)) throw notInState(order, 'OPEN or ACCEPTED');
      const updated = await this.deps.orders.update(trx, order.id, {
        status: 'RESOLVED',
        resolved_at: now,
        resolution: evidence.trim(),
        help_requested: false,
        handler_id: order.handler_id ?? this.caller.id,
      });
      const minutes = Math.round((now.getTime() - new Date(order.opened_at).getTime()) / 60_000);
      await dispatchOutbox.add(
        trx,
        hubEvent(
          'dispatch.order_resolved',
          { streetCode: order.street_code, communityCode: order.community_code },
          { orderId: String(order.id), category: order.category, minutesToClose: minutes },
        ),
      );
      return { updated, step: { action: 'RESOLVED', note: evidence.trim() } };
    });
  }

  reopen(id: string, reason: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ reason: [reason, MAX_TEXT] });
    return this.change(id, 'manage', async (trx, order, now) => {
      if (order.status !== 'RESOLVED') throw notInState(order, 'RESOLVED');
      const updated = await this.deps.orders.update(trx, order.id, {
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
    return this.change(input.id, 'manage', async (trx, order, now) => {
      if (!isOpen(order)) throw notInState(order, 'OPEN or ACCEPTED');
      const moved = input.streetCode && input.streetCode !== order.street_code;
      const place = {
        street_code: input.streetCode ?? order.street_code,
        // A community belongs to one street: moving the order leaves it behind.
        community_code: moved ? null : order.community_code,
      };
      const { level, unit } = unitAt(input.level ?? order.level, place);
      const handlerChanged = !!(input.handlerId || input.handlerPersonId);
      const updated = await this.deps.orders.update(trx, order.id, {
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

  async attach(input: AttachmentInput): Promise<DbAttachmentRow | null> {
    const problems = new InputProblems();
    problems.add('input.fileName', textProblem(input.fileName, MAX_TITLE));
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(input.contentType))
      problems.add('input.contentType', 'must be a media type such as image/jpeg');
    const content = decodeBase64(input.contentBase64);
    if (!content) problems.add('input.contentBase64', 'must be base64 and not empty');
    else if (content.length > this.deps.attachmentMaxBytes)
      problems.add(
        'input.contentBase64',
        `at most ${this.deps.attachmentMaxBytes} bytes once decoded (got ${content.length})`,
      );
    problems.throwIfAny();
    let attachment: DbAttachmentRow | null = null;
    const order = await this.change(input.orderId, 'work', async (trx, current, now) => {
      attachment = await this.deps.orders.addAttachment(trx, {
        order_id: current.id,
        file_name: input.fileName.trim(),
        content_type: input.contentType,
        content: content!,
        added_by: this.caller.id,
        added_at: now,
      });
      return { updated: current, step: { action: 'ATTACHMENT', note: input.fileName.trim() } };
    });
    return order ? attachment : null;
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
      const locked = await this.deps.orders.lock(trx, [keep, ...duplicates]);
      const kept = locked.find((order) => order.id === keep);
      if (!kept || !maySee(this.caller, kept)) return null;
      requireManagerOf(this.caller, kept.street_code);
      if (!isOpen(kept)) throw notInState(kept, 'OPEN or ACCEPTED');
      const rules = (await this.deps.routing.byVersions([kept.rules_version]))[0]!;
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
        await this.deps.orders.update(trx, id, { status: 'MERGED', merged_into: keep });
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
      await this.deps.orders.addSteps(trx, ...steps);
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
      const [order] = await this.deps.orders.lock(trx, [orderId]);
      if (!order || !maySee(this.caller, order)) return null;
      requireManagerOf(this.caller, order.street_code);
      if (!isOpen(order)) throw notInState(order, 'OPEN or ACCEPTED');
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
      await this.deps.orders.update(trx, order.id, { status: 'SPLIT' });
      await this.deps.orders.addSteps(
        trx,
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

  /**
   * Locks the order, checks that the caller may see it (else null: no such order for them) and
   * may act on it, applies the change and records the step.
   */
  private async change(
    id: string,
    kind: 'work' | 'note' | 'manage',
    apply: (
      trx: Knex.Transaction,
      order: DbWorkOrderRow,
      now: Date,
    ) => Promise<{ updated: DbWorkOrderRow; step: Omit<NewStep, 'order_id' | 'actor' | 'at'> }>,
  ): Promise<DbWorkOrderRow | null> {
    const orderId = orderIdOf(id);
    if (orderId === null) return null;
    return this.deps.db.transaction(async (trx) => {
      const [order] = await this.deps.orders.lock(trx, [orderId]);
      if (!order || !maySee(this.caller, order)) return null;
      if (kind === 'manage') requireManagerOf(this.caller, order.street_code);
      // A reporter may add to the history of their own order; working it is for its handler.
      else if (kind === 'work' || order.reporter_person_id !== this.caller.personId)
        requireHandlerOf(this.caller, order);
      const now = this.deps.now();
      const { updated, step } = await apply(trx, order, now);
      await this.deps.orders.addSteps(trx, {
        ...step,
        order_id: order.id,
        actor: this.caller.id,
        at: now,
      });
      return updated;
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

function notInState(order: DbWorkOrderRow, expected: string): ConflictError {
  return new ConflictError(
    'WORK_ORDER_STATE',
    `Work order ${order.id} is ${order.status}; this needs it ${expected}.`,
    { orderId: String(order.id), status: order.status },
  );
}

function decodeBase64(value: string): Buffer | null {
  const compact = value.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  const decoded = Buffer.from(compact, 'base64');
  return decoded.length > 0 ? decoded : null;
}
