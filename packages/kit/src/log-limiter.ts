import type { Logger } from './logger.js';

export interface ErrorLogLimit {
  /** Error lines written per window; the rest are counted and reported with the next line. */
  perWindow?: number;
  windowMs?: number;
}

export type LimitedLog = (object: Record<string, unknown>, message: string) => void;

/**
 * An error log that anonymous callers cannot flood: at most `perWindow` lines per window, and the
 * first line after a quiet spell says how many were left out.
 */
export function limitedErrorLog(
  logger: Logger,
  { perWindow = 20, windowMs = 10_000 }: ErrorLogLimit = {},
): LimitedLog {
  let windowStart = 0;
  let written = 0;
  let suppressed = 0;
  return (object, message) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      written = 0;
    }
    if (written >= perWindow) {
      suppressed += 1;
      return;
    }
    written += 1;
    logger.error(suppressed ? { ...object, suppressedSinceLast: suppressed } : object, message);
    suppressed = 0;
  };
}
