import {
  FeedIntake,
  personIdFor,
  residentIdProblem,
  type Database,
  type FeedDefinition,
  type FeedOutcome,
  type Logger,
} from '@cityhub/kit';
import { z } from 'zod';
import {
  HealthCodeChangeStore,
  type CheckedHealthCodeChange,
} from '../repositories/health-code-change-store.js';

/** The health commission's feed: subject `cityhub.feeds.population.health-codes`. */
export const HEALTH_CODE_FEED = 'population.health-codes';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Device clocks run a little ahead; a change further in the future is a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const COLORS = ['GREEN', 'YELLOW', 'RED'] as const;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** One colour change as the health commission sends it, checked and keyed by the resident. */
function changeSchema(personIdKey: string) {
  return z
    .object({
      sourceId: z
        .string({ error: 'is required' })
        .trim()
        .min(1, { error: 'is required' })
        .max(200, { error: 'is over 200 characters' }),
      idNumber: z.preprocess(
        (value) => text(value).toUpperCase(),
        z.string().superRefine((idNumber, context) => {
          const problem = idNumber ? residentIdProblem(idNumber) : 'is required';
          if (problem) context.addIssue({ code: 'custom', message: problem });
        }),
      ),
      color: z.preprocess(
        (value) => text(value).toUpperCase(),
        z.enum(COLORS, { error: 'must be one of GREEN, YELLOW, RED' }),
      ),
      changedAt: z.unknown().transform((value, context) => {
        const time = INSTANT.test(text(value)) ? Date.parse(text(value)) : NaN;
        if (Number.isNaN(time))
          context.addIssue({
            code: 'custom',
            message: 'must be an ISO 8601 instant with an offset',
          });
        else if (time > Date.now() + FUTURE_TOLERANCE_MS)
          context.addIssue({ code: 'custom', message: 'is in the future' });
        return Number.isNaN(time) ? '' : new Date(time).toISOString();
      }),
    })
    .transform(({ sourceId, idNumber, color, changedAt }): CheckedHealthCodeChange => ({
      sourceId,
      personId: personIdFor(idNumber, personIdKey),
      color,
      changedAt,
    }));
}

const UNKNOWN_PERSON: FeedOutcome = { field: 'idNumber', reason: 'no resident has this ID number' };

/**
 * Health-code colour changes from the health commission's system, whichever way they come (the
 * batch mutation, NATS, MQTT): per resident the latest change by its own time moves the colour
 * and the community board in the same transaction; an older one is kept as history.
 */
export function healthCodeFeed(personIdKey: string): FeedDefinition<CheckedHealthCodeChange> {
  return {
    name: HEALTH_CODE_FEED,
    schema: changeSchema(personIdKey),
    keyOf: (change) => change.personId,
    timeOf: (change) => change.changedAt,
    rejectionsTable: 'health_code_feed_rejections',
    async apply(changes, trx, origin) {
      const outcomes = await new HealthCodeChangeStore(trx).record(changes, origin);
      return new Map(
        [...outcomes].map(([sourceId, outcome]) => [
          sourceId,
          outcome === 'UNKNOWN_PERSON' ? UNKNOWN_PERSON : outcome,
        ]),
      );
    },
  };
}

/** The intake every way in shares (the resolver, the NATS consumer, the MQTT bridge). */
export function healthCodeIntake(db: Database, personIdKey: string, logger?: Logger) {
  return new FeedIntake(db, healthCodeFeed(personIdKey), logger);
}
