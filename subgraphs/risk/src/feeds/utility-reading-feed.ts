import { cityDate, feedInstant, feedSourceId, type FeedDefinition } from '@cityhub/kit';
import { z } from 'zod';
import { ReadingFeedStore, type CheckedReading } from '../repositories/reading-feed-store.js';

/** The utilities' meter readings: subject `cityhub.feeds.risk.utility-readings`. */
export const UTILITY_READING_FEED = 'risk.utility-readings';

/** A figure of use: at least 0, at most what its column holds. */
function amount(max: number, whole = false) {
  const problem = `must be ${whole ? 'a whole number' : 'a number'} from 0 to ${max.toLocaleString('en')}`;
  const number = z
    .number({ error: problem })
    .min(0, { error: problem })
    .max(max, { error: problem });
  return whole ? number.int({ error: problem }) : number;
}

const readingSchema = z.object({
  sourceId: feedSourceId,
  communityCode: z
    .string({ error: 'must be a 13-digit community code' })
    .regex(/^\d{13}$/, { error: 'must be a 13-digit community code' }),
  address: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(200, { error: 'is over 200 characters' }),
  month: z
    .string({ error: 'must be a month as YYYY-MM' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month as YYYY-MM' })
    .refine((month) => month <= cityDate().slice(0, 7), { error: 'is after this month' }),
  readAt: feedInstant,
  waterM3: amount(9_999_999),
  electricityKwh: amount(99_999_999),
  gasM3: amount(9_999_999),
  deliveries: amount(100_000, true),
}) satisfies z.ZodType<CheckedReading, unknown>;

/**
 * A dwelling's month of use as the utilities' meters report it during the month (water,
 * electricity, gas, deliveries so far), whichever way it comes (the batch mutation, NATS, MQTT):
 * each reading once by its source id, kept in the history; per dwelling and month the reading
 * taken last (by the meter's time) is the month's figure the group-rental check (群租房) reads.
 */
export const utilityReadingFeed: FeedDefinition<CheckedReading> = {
  name: UTILITY_READING_FEED,
  schema: readingSchema,
  keyOf: (reading) => `${reading.communityCode} ${reading.address}`,
  timeOf: (reading) => reading.readAt,
  rejectionsTable: 'utility_reading_feed_rejections',
  apply: (readings, trx, origin) => new ReadingFeedStore(trx).record(readings, origin),
};
