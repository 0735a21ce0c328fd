import type { EnterpriseMonth } from '../repositories/indicator-store.js';

/** The first day of the month a date falls in. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(month: string, months: number): string {
  const date = new Date(`${month}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/**
 * The months whose warnings change when these months' figures change: the months themselves, the
 * month after (compared with them) and the same month a year later.
 */
export function affectedMonths(recorded: EnterpriseMonth[]): EnterpriseMonth[] {
  const seen = new Map<string, EnterpriseMonth>();
  for (const { creditCode, month } of recorded) {
    for (const shift of [0, 1, 12]) {
      const target = { creditCode, month: addMonths(month, shift) };
      seen.set(`${target.creditCode}|${target.month}`, target);
    }
  }
  return [...seen.values()];
}
