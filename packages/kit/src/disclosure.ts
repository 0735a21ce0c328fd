import { GraphQLError } from 'graphql';
import type { Caller } from './caller.js';
import { hasScope } from './caller.js';
import { cityDate, cityMidnight } from './city-calendar.js';

/**
 * Statistical disclosure control for every count of people the hub publishes (`@aggregate`).
 * One rule, applied in one place (the field guard in access-rules.ts):
 * - a count below the threshold, zero included, is published as null;
 * - every other count is rounded to the nearest multiple of the base, each on its own;
 * - counts over windows or ranges are published only for fixed bins (one whole ISO week, a
 *   published age band), so that no two published windows differ by a few days or a year.
 * Callers who may read personal data get exact figures, which add up.
 */
export interface DisclosureRule {
  /** Counts below this (zero included) are withheld. */
  threshold: number;
  /** Counts at or above the threshold are rounded to the nearest multiple of this. */
  roundingBase: number;
}

export const DEFAULT_DISCLOSURE_RULE: DisclosureRule = { threshold: 5, roundingBase: 5 };

/** Personal data and exact counts: the scope pii:read and a stated purpose, and every read is recorded. */
export function mayReadPersonalData(caller: Caller): boolean {
  return hasScope(caller, 'pii:read') && !!caller.purpose;
}

/** The published form of a count for a caller without the right to exact figures. */
export function publishedCount(value: number, rule: DisclosureRule): number | null {
  if (value < rule.threshold) return null;
  return Math.round(value / rule.roundingBase) * rule.roundingBase;
}

/** The fixed bins a count's arguments must fall on, from `@aggregate(window:, bandArgument:, bands:)`. */
export interface CountBins {
  /**
   * `ISO_WEEK`: dates `from` and `to` span exactly one ISO week, Monday to Sunday inclusive.
   * `HOUR`: instants `from` and `to` span exactly one whole hour (`to` excluded).
   * `CITY_DAY`: instants `from` and `to` span exactly one day of the city's calendar, midnight to
   * midnight in UTC+8 (`to` excluded). A field that takes `hours` instead of `to` (a forecast)
   * ends `hours` hours after `from`.
   */
  window: CountWindow | null;
  /** The argument that selects an age band, and the bands that may be asked for. */
  bandArgument: string | null;
  bands: number[];
  /**
   * On a list field: the property of each row that holds its count. Rows whose count is below the
   * threshold are left out, since a row that shows up says that its count is not zero.
   */
  rowCount: string | null;
  /**
   * On a share (`@aggregate(shareOf:, perCount:)` or `(shareOf:, per:)`): the properties of the
   * parent row that hold its part (a count of people) and its whole — a count of people too
   * (`perCount`), or a fixed figure such as a capacity (`per`). An exact share times a published
   * whole gives the part back, so without exact-figure rights the share is computed from the
   * published part and whole instead, and null when either is withheld.
   */
  share: { part: string; whole: string; wholeIsCount: boolean } | null;
  /**
   * On a list filtered by a share (`@aggregate(shareOf:, per:, atLeast: "threshold")`): the
   * argument holding the lowest share. Filtering on exact shares lets a caller bisect the threshold
   * to an exact count, so without exact-figure rights the resolver is asked for every row
   * (`ANY_SHARE`) and the rows are kept and ordered by their published share instead.
   */
  atLeast: string | null;
}

/** The lowest share a resolver is asked for when the rule filters on published shares itself. */
export const ANY_SHARE = 1e-9;

/** Rows whose published share reaches `threshold`, largest published share first (stable). */
export function rowsWithPublishedShare(
  rows: unknown[],
  share: NonNullable<CountBins['share']>,
  threshold: number,
  rule: DisclosureRule,
): unknown[] {
  return rows
    .map((row) => ({ row, share: publishedShare(row, share, rule) }))
    .filter((entry): entry is { row: unknown; share: number } => entry.share !== null)
    .filter((entry) => entry.share >= threshold)
    .sort((a, b) => b.share - a.share)
    .map((entry) => entry.row);
}

export const COUNT_WINDOWS = ['ISO_WEEK', 'HOUR', 'CITY_DAY'] as const;
export type CountWindow = (typeof COUNT_WINDOWS)[number];

export const NO_BINS: CountBins = {
  window: null,
  bandArgument: null,
  bands: [],
  rowCount: null,
  share: null,
  atLeast: null,
};

/** A share of a row's whole, as a caller without exact-figure rights may see it: from published figures only. */
export function publishedShare(
  row: unknown,
  share: NonNullable<CountBins['share']>,
  rule: DisclosureRule,
): number | null {
  const values = row as Record<string, unknown> | null;
  const part = values?.[share.part];
  const whole = values?.[share.whole];
  if (typeof part !== 'number' || typeof whole !== 'number') return null;
  const publishedPart = publishedCount(part, rule);
  const publishedWhole = share.wholeIsCount ? publishedCount(whole, rule) : whole;
  if (publishedPart === null || publishedWhole === null || publishedWhole <= 0) return null;
  return publishedPart / publishedWhole;
}

/** The rows of a list a caller without exact-figure rights may see: those counting enough people. */
export function publishedRows(rows: unknown[], property: string, rule: DisclosureRule): unknown[] {
  return rows.filter((row) => {
    const count = (row as Record<string, unknown> | null)?.[property];
    return typeof count === 'number' && count >= rule.threshold;
  });
}

/** Refuses a window or range that is not one of the published bins; null when the arguments are fine. */
export function binRefusal(bins: CountBins, args: Record<string, unknown>): GraphQLError | null {
  if (bins.window === 'ISO_WEEK') {
    const from = String(args.from ?? '');
    const to = String(args.to ?? '');
    if (!isMonday(from) || addDays(from, 6) !== to)
      return badBin(
        'from',
        'without exact-figure rights a window is one whole ISO week, from a Monday to the Sunday after it',
      );
  }
  if (bins.window === 'HOUR') {
    const from = instant(args.from);
    const to = instant(args.to);
    if (from === null || to === null || from % HOUR_MS !== 0 || to - from !== HOUR_MS)
      return badBin(
        'from',
        'without exact-figure rights a window is one whole hour, from a full hour to the next',
      );
  }
  if (bins.window === 'CITY_DAY') {
    const from = instant(args.from);
    const to =
      args.to === undefined && typeof args.hours === 'number' && from !== null
        ? from + args.hours * HOUR_MS
        : instant(args.to);
    if (
      from === null ||
      to === null ||
      cityMidnight(cityDate(new Date(from))).getTime() !== from ||
      to - from !== 24 * HOUR_MS
    )
      return badBin(
        'from',
        'without exact-figure rights a window is one whole day, from midnight to midnight (UTC+8)',
      );
  }
  if (bins.atLeast) {
    const value = args[bins.atLeast];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      return badBin(bins.atLeast, 'must be a share above 0');
  }
  if (bins.bandArgument) {
    const value = args[bins.bandArgument];
    if (typeof value !== 'number' || !bins.bands.includes(value))
      return badBin(
        bins.bandArgument,
        `without exact-figure rights it is one of the published bands: ${bins.bands.join(', ')}`,
      );
  }
  return null;
}

function badBin(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field}: ${reason}.`, {
    extensions: { code: 'BAD_USER_INPUT', field, reason },
  });
}

const HOUR_MS = 3_600_000;

/** An instant argument (a Date from the DateTime scalar, or an ISO string) in epoch milliseconds. */
function instant(value: unknown): number | null {
  const time =
    value instanceof Date ? value.getTime() : new Date(String(value ?? 'invalid')).getTime();
  return Number.isNaN(time) ? null : time;
}

function isMonday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.getUTCDay() === 1;
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
