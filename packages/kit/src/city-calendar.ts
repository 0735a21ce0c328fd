/**
 * The hub's calendar is the city's: Shanghai keeps UTC+8 all year (no daylight saving), so "today"
 * for a daily report or a dashboard is the date in UTC+8, not the server's local date.
 */
const CITY_OFFSET_MS = 8 * 3_600_000;

/** The city's date (YYYY-MM-DD) at an instant. */
export function cityDate(at: Date = new Date()): string {
  return new Date(at.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant as the city reads it: ISO 8601 at UTC+8, e.g. 2026-11-29T00:00:00.000+08:00 for
 * 2026-11-28T16:00:00.000Z, so that an hourly series reads in the city's hours.
 */
export function cityDateTime(at: Date): string {
  return `${new Date(at.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** Midnight at the start of a city date, as an instant. */
export function cityMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CITY_OFFSET_MS);
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Adds days to a YYYY-MM-DD date. */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
