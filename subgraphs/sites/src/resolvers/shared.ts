import { BadUserInputError, cityDate, daysBetween, requireDate } from '@cityhub/kit';

/** Checks a date window and returns it; `from` after `to`, or a window longer than allowed, is refused. */
export function dateWindow(
  from: string,
  to: string,
  maxDays: number,
): { from: string; to: string } {
  requireDate('from', from);
  requireDate('to', to);
  if (from > to) throw new BadUserInputError('from', 'must not be after `to`');
  if (daysBetween(from, to) > maxDays)
    throw new BadUserInputError('to', `the window may span at most ${maxDays} days`);
  return { from, to };
}

/** A date argument that defaults to the city's today. */
export function dateOrToday(argument: string, value: string | null | undefined): string {
  return value ? requireDate(argument, value) : cityDate();
}
