import { z } from 'zod';
import { residentIdProblem } from '../codes/resident-id.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** A device's clock runs a little ahead at most; further ahead is a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The sending system's own id of a record, which makes a second delivery harmless. */
export const feedSourceId = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .max(200, { error: 'is over 200 characters' });

/**
 * The source's time of a record: an ISO 8601 instant with an offset, not in the future (beyond a
 * clock's few minutes), given back in UTC. Anything else refuses the record with a reason.
 */
export const feedInstant = z.unknown().transform((value, context) => {
  const time = INSTANT.test(text(value)) ? Date.parse(text(value)) : NaN;
  if (Number.isNaN(time))
    context.addIssue({ code: 'custom', message: 'must be an ISO 8601 instant with an offset' });
  else if (time > Date.now() + FUTURE_TOLERANCE_MS)
    context.addIssue({ code: 'custom', message: 'is in the future' });
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
});

/** Upper-cases a text field before its own check (codes, enumerations sent in any case). */
export function upperCased<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => text(value).toUpperCase(), schema);
}

/** A resident's ID number (GB 11643), in any case: refused with the reason its check gives. */
export const feedResidentId = upperCased(
  z.string().superRefine((idNumber, context) => {
    const problem = idNumber ? residentIdProblem(idNumber) : 'is required';
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
);
