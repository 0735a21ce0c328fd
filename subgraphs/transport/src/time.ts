import { cityDate, cityMidnight } from '@cityhub/kit';

/**
 * Time in the hub's terms: hours and days of China Standard Time (UTC+8, no daylight saving).
 * Counts are keyed by whole-hour and whole-day indexes since the epoch, so that neither the
 * database session's time zone nor the Node process's changes a bucket.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function hourIndexOf(instant: Date): number {
  return Math.floor(instant.getTime() / HOUR_MS);
}

export function hourAt(index: number): Date {
  return new Date(index * HOUR_MS);
}

/** The start of the hour the instant falls in (the same in UTC and in China Standard Time). */
export function startOfHour(instant: Date): Date {
  return hourAt(hourIndexOf(instant));
}

/** Day index of a China Standard Time calendar date, YYYY-MM-DD. */
export function chinaDayIndex(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function chinaDateOfDayIndex(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

// The city calendar (UTC+8) is the kit's; these names read better next to the hour indexes.
export const chinaDayStart = cityMidnight;
export const chinaDateOf = (instant: Date): string => cityDate(instant);

/** A China Standard Time wall-clock time as an instant: date YYYY-MM-DD, minutes after midnight. */
export function chinaInstant(date: string, minutesAfterMidnight: number): Date {
  return new Date(chinaDayStart(date).getTime() + minutesAfterMidnight * 60_000);
}
