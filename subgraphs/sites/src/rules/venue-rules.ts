import { BadUserInputError, InputProblems } from '@cityhub/kit';

/** A venue's latest count older than this is not "now": the venue has stopped reporting. */
export const CURRENT_COUNT_MAX_AGE_MS = 2 * 3_600_000;
export const MAX_COUNTS_PER_CALL = 10_000;

export function checkThreshold(threshold: number): number {
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 10)
    throw new BadUserInputError('threshold', 'must be a share of capacity above 0 and at most 10');
  return threshold;
}

export function shareOfCapacity(visitors: number, capacity: number): number {
  return capacity > 0 ? visitors / capacity : 0;
}

/** Checks counts before any is written: all or nothing, every bad entry named in one answer. */
export function checkVisitorCounts(
  counts: ReadonlyArray<{ siteId: string; hour: Date | string; visitors: number }>,
  venueIds: ReadonlySet<string>,
  now: Date,
) {
  const problems = new InputProblems();
  if (counts.length > MAX_COUNTS_PER_CALL)
    problems.add('counts', `at most ${MAX_COUNTS_PER_CALL} counts per call`);
  const seen = new Set<string>();
  const rows = counts.map((count, i) => {
    const hour = count.hour instanceof Date ? count.hour : new Date(count.hour);
    if (!venueIds.has(count.siteId)) problems.add(`counts[${i}].siteId`, 'no such crowded venue');
    if (hour.getTime() % 3_600_000 !== 0)
      problems.add(`counts[${i}].hour`, 'must be the start of an hour');
    else if (hour.getTime() > now.getTime()) problems.add(`counts[${i}].hour`, 'is in the future');
    if (!Number.isInteger(count.visitors) || count.visitors < 0)
      problems.add(`counts[${i}].visitors`, 'must be zero or more');
    const key = `${count.siteId}|${hour.getTime()}`;
    if (seen.has(key)) problems.add(`counts[${i}]`, 'the same venue and hour are listed twice');
    seen.add(key);
    return { siteId: count.siteId, hour, visitors: count.visitors };
  });
  problems.throwIfAny();
  return rows;
}
