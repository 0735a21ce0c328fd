import { expect } from 'vitest';

/**
 * The attacker's arithmetic on published counts, knowing the rule (null below 5, otherwise rounded
 * to the nearest 5): what a published count says about the true one, and what is left of a
 * suppressed count once complements, parents and siblings are subtracted.
 */
export const THRESHOLD = 5;
export const BASE = 5;

/** What a published count says about the true one: an inclusive interval. */
export interface Interval {
  lo: number;
  hi: number;
}
export function possible(published: number | null): Interval {
  if (published === null) return { lo: 0, hi: THRESHOLD - 1 };
  const half = Math.floor(BASE / 2);
  return { lo: Math.max(THRESHOLD, published - half), hi: published + half };
}
/** a − (b + c + ...), each an interval. */
export function minus(total: Interval, ...parts: Interval[]): Interval {
  return {
    lo: total.lo - parts.reduce((sum, p) => sum + p.hi, 0),
    hi: total.hi - parts.reduce((sum, p) => sum + p.lo, 0),
  };
}
/** How many values a suppressed count can still take after an attack derived `derived`. */
export function candidates(derived: Interval, suppressed: Interval = possible(null)): number {
  return Math.max(0, Math.min(derived.hi, suppressed.hi) - Math.max(derived.lo, suppressed.lo) + 1);
}

/** A published count is null, or a multiple of BASE at or above THRESHOLD. */
export function expectPublished(value: number | null, what: string): void {
  if (value === null) return;
  expect(value % BASE, what).toBe(0);
  expect(value, what).toBeGreaterThanOrEqual(THRESHOLD);
}
