import {
  FeedIntake,
  feedInstant,
  feedSourceId,
  type Database,
  type FeedDefinition,
  type Logger,
} from '@cityhub/kit';
import { z } from 'zod';
import { PassageFeedStore, type CheckedPassage } from '../repositories/passage-feed-store.js';

/** The checkpoints' passage feed: subject `cityhub.feeds.transport.checkpoint-passages`. */
export const PASSAGE_FEED = 'transport.checkpoint-passages';

const passageSchema = z.object({
  sourceId: feedSourceId,
  checkpointCode: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(10),
  passedAt: feedInstant,
  direction: z.enum(['INBOUND', 'OUTBOUND'], { error: 'must be INBOUND or OUTBOUND' }),
  plate: z
    .string({ error: 'is required' })
    .trim()
    .min(2, { error: 'is not a plate' })
    .max(12, { error: 'is not a plate' }),
  vehicleKind: z.enum(['CAR', 'BUS', 'TRUCK'], { error: 'must be one of CAR, BUS, TRUCK' }),
  originCode: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit division code' }),
  occupants: z
    .number({ error: 'must be a whole number from 1 to 100' })
    .int({ error: 'must be a whole number from 1 to 100' })
    .min(1, { error: 'must be a whole number from 1 to 100' })
    .max(100, { error: 'must be a whole number from 1 to 100' }),
}) satisfies z.ZodType<CheckedPassage, unknown>;

/**
 * Vehicles passing the traffic checkpoints (交通卡口), from the checkpoints' systems. A passage
 * is an event: each is kept once by its source id, in order per checkpoint by the time it passed.
 */
export const passageFeed: FeedDefinition<CheckedPassage> = {
  name: PASSAGE_FEED,
  schema: passageSchema,
  keyOf: (passage) => passage.checkpointCode,
  timeOf: (passage) => passage.passedAt,
  rejectionsTable: 'checkpoint_passage_feed_rejections',
  apply: (passages, trx, origin) => new PassageFeedStore(trx).record(passages, origin),
};

export function passageIntake(db: Database, logger?: Logger) {
  return new FeedIntake(db, passageFeed, logger);
}
