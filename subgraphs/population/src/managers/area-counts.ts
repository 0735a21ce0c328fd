import { BadUserInputError, cityDate, dateWindow } from '@cityhub/kit';
import { birthDateForAge } from './ages.js';

// The arguments of an area's counts, checked before any SQL.

/** A window of dates for a count: any length, since a count is one figure however long the window. */
export function countWindow(from: string, to: string): { from: string; to: string } {
  const window = dateWindow(from, to, Number.POSITIVE_INFINITY);
  return { from: window.from, to: window.to };
}

/** The latest birth date of a resident aged `minAge` or more today. */
export function bornOnOrBeforeForAge(minAge: number): string {
  if (!Number.isInteger(minAge) || minAge < 0 || minAge > 130)
    throw new BadUserInputError('minAge', 'must be a whole number of years from 0 to 130');
  return birthDateForAge(minAge, cityDate());
}
