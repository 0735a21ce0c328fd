import { cityDate, daysBetween } from './city-calendar.js';
import { BadUserInputError } from './errors.js';
import { requireDate } from './scalars.js';

/** A window of city dates, both ends included. */
export interface DateWindow {
  from: string;
  to: string;
  /** Days in the window, both ends counted. */
  days: number;
}

/**
 * Checks a window of city dates before any SQL: both ends valid dates, `from` not after `to`, and spanning
 * at most `maxDays` days from `from` to `to` (every list over dates has a bound, so no request can ask for years of rows).
 */
export function dateWindow(from: string, to: string, maxDays: number): DateWindow {
  requireDate('from', from);
  requireDate('to', to);
  if (from > to) throw new BadUserInputError('from', 'must not be after `to`');
  const span = daysBetween(from, to);
  if (span > maxDays)
    throw new BadUserInputError('to', `the window may span at most ${maxDays} days`, {
      maximum: maxDays,
    });
  return { from, to, days: span + 1 };
}

/** A date argument that defaults to the city's today. */
export function dateOrToday(argument: string, value: string | null | undefined): string {
  return value ? requireDate(argument, value) : cityDate();
}
