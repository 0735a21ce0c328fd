import { BadUserInputError } from '@cityhub/kit';
import type { DbArrivalRow, DbResidentRow } from '../repositories/rows.js';

/** A listed resident's cursor key: the listing's (address, id) order, as JSON. */
export function residentKey(row: DbResidentRow): string {
  return JSON.stringify([row.address ?? '', row.id]);
}

/** The position a resident list resumes after, from its cursor key; refuses a foreign cursor. */
export function residentAfter(afterKey: string | null): { address: string; id: string } | null {
  if (afterKey === null) return null;
  try {
    const [address, id] = JSON.parse(afterKey) as unknown[];
    if (typeof address === 'string' && typeof id === 'string') return { address, id };
  } catch {
    // Not JSON: refused below like any other foreign cursor.
  }
  throw new BadUserInputError('after', 'not a cursor of this list');
}

/** A listed arrival's cursor key: its date, then its id. */
export function arrivalKey(row: DbArrivalRow): string {
  return `${row.arrivedOn}/${row.id}`;
}
