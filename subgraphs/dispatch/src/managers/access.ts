import { ForbiddenError, SCOPES, coversStreet, hasScope, type Caller } from '@cityhub/kit';
import type { DbWorkOrderRow, WorkOrderFilter } from '../repositories/rows.js';

type OrderParties = Pick<
  DbWorkOrderRow,
  'streetCode' | 'handlerId' | 'handlerPersonId' | 'reporterPersonId'
>;

function handles(caller: Caller, order: OrderParties): boolean {
  return (
    order.handlerId === caller.id ||
    (caller.personId !== null && order.handlerPersonId === caller.personId)
  );
}

function managesStreet(caller: Caller, streetCode: string): boolean {
  return hasScope(caller, SCOPES.dispatchHandle) && coversStreet(caller, streetCode);
}

/** Street officials see their streets' orders; handlers those assigned to them; reporters their own. */
export function maySee(caller: Caller, order: OrderParties): boolean {
  if (caller.kind === 'anonymous') return false;
  return (
    (hasScope(caller, SCOPES.dispatchRead) && coversStreet(caller, order.streetCode)) ||
    handles(caller, order) ||
    (caller.personId !== null && order.reporterPersonId === caller.personId)
  );
}

/** Working an order (accept, note, attach, ask for help, resolve): its handler or its street's officials. */
export function requireHandlerOf(caller: Caller, order: OrderParties): void {
  if (handles(caller, order) || managesStreet(caller, order.streetCode)) return;
  throw new ForbiddenError(
    "Only the order's handler or its street's officials (dispatch:handle) work on it.",
  );
}

/** Routing decisions (reassign, merge, split, reopen): the officials of the street, dispatch:handle. */
export function requireManagerOf(caller: Caller, streetCode: string): void {
  if (managesStreet(caller, streetCode)) return;
  throw new ForbiddenError(
    `Reassigning, merging, splitting and reopening need dispatch:handle on street ${streetCode}.`,
    { streetCode },
  );
}

/** The part of the list a caller sees. */
export function visibilityOf(caller: Caller): Omit<WorkOrderFilter, 'streetCode'> {
  return {
    seesStreets: hasScope(caller, SCOPES.dispatchRead),
    visibleStreets: caller.streets,
    ownHandlerId: caller.kind === 'anonymous' ? null : caller.id,
    ownPersonId: caller.personId,
  };
}
