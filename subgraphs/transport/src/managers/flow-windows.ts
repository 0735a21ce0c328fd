import { BadUserInputError, dateWindow, type DateWindow } from '@cityhub/kit';
import { DAY_MS, HOUR_MS, startOfHour } from '../time.js';

/** Argument rules of the flow queries: the limits the issue sets, checked before any SQL. */
export const MAX_FORECAST_HOURS = 72;
export const MAX_HOURLY_WINDOW_DAYS = 7;
export const MAX_DAILY_WINDOW_DAYS = 366;
export const MAX_TOP = 24;

export interface InstantWindow {
  from: Date;
  to: Date;
}

export function forecastWindow(
  from: Date | null | undefined,
  hours: number | null | undefined,
  now: Date,
): { from: Date; hours: number } {
  const count = hours ?? 24;
  if (!Number.isInteger(count) || count < 1 || count > MAX_FORECAST_HOURS)
    throw new BadUserInputError('hours', `must be between 1 and ${MAX_FORECAST_HOURS}`);
  return { from: startOfHour(from ?? now), hours: count };
}

/** A window of instants for an hourly or row query: `from` before `to`, at most 7 days. */
export function hourlyWindow(from: Date, to: Date): InstantWindow {
  if (from.getTime() >= to.getTime()) throw new BadUserInputError('from', 'must be before `to`');
  if (to.getTime() - from.getTime() > MAX_HOURLY_WINDOW_DAYS * DAY_MS)
    throw new BadUserInputError('to', `the window may span at most ${MAX_HOURLY_WINDOW_DAYS} days`);
  return { from, to };
}

/** An hourly window as ISO strings: the key of a window loader. */
export function hourlyWindowKey(from: Date, to: Date): { from: string; to: string } {
  const window = hourlyWindow(from, to);
  return { from: window.from.toISOString(), to: window.to.toISOString() };
}

/** Hours of an hourly window, whole hours from the hour `from` falls in up to `to`. */
export function hoursOf(window: InstantWindow): { from: Date; hours: number } {
  const first = startOfHour(window.from);
  return { from: first, hours: Math.ceil((window.to.getTime() - first.getTime()) / HOUR_MS) };
}

/** Dates, both ends included: at most 366 of them, so 365 days from the first to the last. */
export function dailyWindow(from: string, to: string): DateWindow {
  return dateWindow(from, to, MAX_DAILY_WINDOW_DAYS - 1);
}

export function requireTop(top: number | null | undefined): number {
  const value = top ?? 2;
  if (!Number.isInteger(value) || value < 1 || value > MAX_TOP)
    throw new BadUserInputError('top', `must be between 1 and ${MAX_TOP}`);
  return value;
}

export function requireCheckerCapacity(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new BadUserInputError('passengersPerCheckerHour', 'must be a positive integer');
  return value;
}
