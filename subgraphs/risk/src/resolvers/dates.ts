import { dateWindow, requireDate } from '@cityhub/kit';
import type { RiskLoaders } from '../loaders.js';
import { MAX_HISTORY_DAYS } from '../managers/case-report-manager.js';

/** The date asked for, or the latest date that has assessments; null when nothing was ever assessed. */
export async function assessedDate(
  date: string | null | undefined,
  loaders: RiskLoaders,
): Promise<string | null> {
  if (date) return requireDate('date', date);
  return loaders.latestDate.load('');
}

/** A window of a community's history: at most a year and a day, checked before any SQL. */
export function historyWindow(from: string, to: string): { from: string; to: string } {
  dateWindow(from, to, MAX_HISTORY_DAYS);
  return { from, to };
}
