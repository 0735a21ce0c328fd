import type { Caller } from './caller.js';

/**
 * Response header of a subgraph answer: what the answer depended on. The gateway's response cache
 * shares only `rights` answers, between callers with the same rights; an answer without the header
 * is treated as `personal`.
 */
export const ANSWER_SCOPE_HEADER = 'x-hub-answer-scope';

export type AnswerScopeValue = 'rights' | 'caller' | 'personal';

/**
 * What one request's answer depended on beyond the caller's rights (kind, department, roles,
 * scopes, streets): personal data (a @pii field, an audit record, an owner's exact view), or the
 * caller's identity (who they are, the person or organisation they act for).
 */
export class AnswerScope {
  private personal = false;
  private perCaller = false;

  /** The answer reads or tells something of a person: never shared, and always audited. */
  markPersonal(): void {
    this.personal = true;
  }

  markPerCaller(): void {
    this.perCaller = true;
  }

  get value(): AnswerScopeValue {
    if (this.personal) return 'personal';
    return this.perCaller ? 'caller' : 'rights';
  }
}

/** The caller's properties that say who they are rather than what they may do. */
const IDENTITY_PROPERTIES = new Set<string | symbol>(['id', 'personId', 'organization']);

/**
 * The caller as the department's code sees it: reading who the caller is (a non-null id, person or
 * organisation) marks the answer as the caller's own. Copying the caller (spread, JSON) reads
 * every property, so it marks the answer too: the mark errs on the side of not sharing.
 */
export function identityWatched(caller: Caller, scope: AnswerScope): Caller {
  return new Proxy(caller, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (IDENTITY_PROPERTIES.has(property) && value !== null && value !== undefined)
        scope.markPerCaller();
      return value;
    },
  });
}
