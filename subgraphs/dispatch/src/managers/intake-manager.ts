import { InputProblems, requireStreet } from '@cityhub/kit';
import type { DbWorkOrderRow } from '../repositories/rows.js';
import type { Category, Priority } from '../routing.js';
import { openOrder, type OrderRequest } from './intake.js';
import type { OrderManagerDeps } from './order-change.js';
import { MAX_TEXT, MAX_TITLE, placeProblems, requireTexts } from './order-input.js';

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

/** Orders opened by an official by hand, and the citizen hotline's calls. */
export class IntakeManager {
  constructor(private readonly deps: OrderManagerDeps) {}

  private get caller() {
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
          sourceId: null,
          category: input.category,
          priority: input.priority ?? 'NORMAL',
          title: input.title.trim(),
          description: input.description.trim(),
          streetCode: input.streetCode,
          communityCode: input.communityCode ?? null,
          creditCode: input.creditCode ?? null,
          siteId: input.siteId ?? null,
          location: input.location?.trim() || null,
          reporterPersonId: input.reporterPersonId ?? null,
          callerPhone: null,
          callerName: null,
          splitFrom: null,
        },
        this.caller.id,
      );
      return order;
    });
  }

  /** Idempotent by the hotline's call id: a call sent again returns its order unchanged. */
  async ingestHotlineCall(input: HotlineCallInput): Promise<DbWorkOrderRow> {
    const problems = new InputProblems();
    hotlineCallProblems(input, problems);
    problems.throwIfAny();
    requireTexts({
      'input.text': [input.text, MAX_TEXT],
      'input.location': [input.location, MAX_TITLE],
    });
    return this.deps.db.transaction(async (trx) => {
      const { order } = await openOrder(trx, this.deps, hotlineRequest(input), this.caller.id);
      return order;
    });
  }
}

/**
 * A call's codes and caller, named as the mutation's fields (`input.callId`); its texts are
 * checked by `requireTexts`. The hotline file import applies the same rules.
 */
export function hotlineCallProblems(input: HotlineCallInput, problems: InputProblems): void {
  if (!/^[\w.:-]{1,64}$/.test(input.callId))
    problems.add('input.callId', '1 to 64 letters, digits, dots, colons, dashes or underscores');
  placeProblems(problems, 'input', input.streetCode, input.communityCode);
  if (!/^\+?\d{5,20}$/.test(input.callerPhone))
    problems.add('input.callerPhone', 'must be 5 to 20 digits');
  if (input.callerName && input.callerName.length > 50)
    problems.add('input.callerName', 'at most 50 characters');
}

/** The order a hotline call asks for, found again by its call id. */
export function hotlineRequest(input: HotlineCallInput): OrderRequest {
  const text = input.text.trim();
  return {
    source: 'HOTLINE',
    sourceId: `hotline:${input.callId}`,
    category: input.category,
    priority: input.priority ?? 'NORMAL',
    title: `12345 ${text.slice(0, 40)}`,
    description: text,
    streetCode: input.streetCode,
    communityCode: input.communityCode ?? null,
    creditCode: null,
    siteId: null,
    location: input.location.trim(),
    reporterPersonId: null,
    callerPhone: input.callerPhone,
    callerName: input.callerName?.trim() || null,
    splitFrom: null,
  };
}
