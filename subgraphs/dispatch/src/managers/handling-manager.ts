import { InputProblems, hubEvent } from '@cityhub/kit';
import { dispatchOutbox } from '../events.js';
import type { DbAttachmentRow, DbWorkOrderRow } from '../repositories/rows.js';
import { changeOrder, isOpen, notInState, type OrderManagerDeps } from './order-change.js';
import { MAX_TEXT, MAX_TITLE, requireTexts, textProblem } from './order-input.js';

export interface AttachmentInput {
  orderId: string;
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** Working an order: accept, notes, attachments, asking for help, resolving with evidence. */
export class HandlingManager {
  constructor(private readonly deps: OrderManagerDeps) {}

  private get caller() {
    return this.deps.caller;
  }

  accept(id: string): Promise<DbWorkOrderRow | null> {
    return changeOrder(this.deps, id, 'work', async (trx, order, now) => {
      if (order.status !== 'OPEN') return notInState(order, 'OPEN');
      const updated = await this.deps.orders.in(trx).update(order.id, {
        status: 'ACCEPTED',
        acceptedAt: now,
        handlerId: order.handlerId ?? this.caller.id,
        handlerPersonId: order.handlerPersonId ?? this.caller.personId,
      });
      return { updated, step: { action: 'ACCEPTED' } };
    });
  }

  note(id: string, text: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ text: [text, MAX_TEXT] });
    return changeOrder(this.deps, id, 'note', async (_trx, order) => ({
      updated: order,
      step: { action: 'NOTE', note: text.trim() },
    }));
  }

  requestHelp(id: string, reason: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ reason: [reason, MAX_TEXT] });
    return changeOrder(this.deps, id, 'work', async (trx, order) => {
      if (!isOpen(order)) return notInState(order, 'OPEN or ACCEPTED');
      const updated = await this.deps.orders.in(trx).update(order.id, { helpRequested: true });
      return { updated, step: { action: 'HELP_REQUESTED', note: reason.trim() } };
    });
  }

  resolve(id: string, evidence: string): Promise<DbWorkOrderRow | null> {
    requireTexts({ evidence: [evidence, MAX_TEXT] });
    return changeOrder(this.deps, id, 'work', async (trx, order, now) => {
      if (!isOpen(order)) return notInState(order, 'OPEN or ACCEPTED');
      const updated = await this.deps.orders.in(trx).update(order.id, {
        status: 'RESOLVED',
        resolvedAt: now,
        resolution: evidence.trim(),
        helpRequested: false,
        handlerId: order.handlerId ?? this.caller.id,
      });
      const minutes = Math.round((now.getTime() - new Date(order.openedAt).getTime()) / 60_000);
      await dispatchOutbox.add(
        trx,
        hubEvent(
          'dispatch.order_resolved',
          { streetCode: order.streetCode, communityCode: order.communityCode },
          { orderId: String(order.id), category: order.category, minutesToClose: minutes },
        ),
      );
      return { updated, step: { action: 'RESOLVED', note: evidence.trim() } };
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
    const order = await changeOrder(this.deps, input.orderId, 'work', async (trx, current, now) => {
      attachment = await this.deps.orders.in(trx).addAttachment({
        orderId: current.id,
        fileName: input.fileName.trim(),
        contentType: input.contentType,
        content: content!,
        addedBy: this.caller.id,
        addedAt: now,
      });
      return { updated: current, step: { action: 'ATTACHMENT', note: input.fileName.trim() } };
    });
    return order ? attachment : null;
  }
}

function decodeBase64(value: string): Buffer | null {
  const compact = value.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  const decoded = Buffer.from(compact, 'base64');
  return decoded.length > 0 ? decoded : null;
}
