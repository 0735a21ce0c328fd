import { BadUserInputError, daysBetween, requireDate } from '@cityhub/kit';
import type { RiskLoaders } from '../loaders.js';

/** The date asked for, or the latest date that has assessments; null when nothing was ever assessed. */
export async function assessedDate(
  date: string | null | undefined,
  loaders: RiskLoaders,
): Promise<string | null> {
  if (date) return requireDate('date', date);
  return loaders.latestDate.load('');
}

export const MAX_HISTORY_DAYS = 366;

export function historyWindow(from: string, to: string): { from: string; to: string } {
  requireDate('from', from);
  requireDate('to', to);
  if (from > to) throw new BadUserInputError('from', 'must not be after `to`');
  if (daysBetween(from, to) > MAX_HISTORY_DAYS)
    throw new BadUserInputError('to', `the window may span at most ${MAX_HISTORY_DAYS} days`);
  return { from, to };
}
