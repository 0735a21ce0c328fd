import type { Caller } from '@cityhub/kit';

/**
 * What of the caller may change an answer that no subgraph marked as personal or as the caller's
 * own: their kind, department, roles, scopes and streets. Two callers with equal rights share
 * cached answers; any difference in rights is a different key, so no caller can be handed an answer
 * computed for wider rights. Null when the caller's answers are never cached: a stated purpose
 * (personal data may be shown, and every read must be audited) and the hub's machine callers.
 */
export function rightsKeyOf(caller: Caller): string | null {
  if (caller.purpose || caller.purposeNote || caller.kind === 'service') return null;
  return JSON.stringify([
    caller.kind,
    caller.department,
    [...caller.roles].sort(),
    [...caller.scopes].sort(),
    caller.streets === null ? null : [...caller.streets].sort(),
  ]);
}
