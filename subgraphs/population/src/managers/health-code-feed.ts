import {
  FeedIntake,
  feedInstant,
  feedResidentId,
  feedSourceId,
  personIdFor,
  upperCased,
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

const COLORS = ['GREEN', 'YELLOW', 'RED'] as const;

/** One colour change as the health commission sends it, checked and keyed by the resident. */
function changeSchema(personIdKey: string) {
  return z
    .object({
      sourceId: feedSourceId,
      idNumber: feedResidentId,
      color: upperCased(z.enum(COLORS, { error: 'must be one of GREEN, YELLOW, RED' })),
      changedAt: feedInstant,
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
