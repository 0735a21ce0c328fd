import type { Caller } from '../caller.js';
import { BadUserInputError } from '../errors.js';
import type { FeedReceipt, FeedRecord } from './feed-definition.js';
import type { FeedIntake } from './feed-intake.js';

/** The most records a batch mutation takes in one call. */
export const MAX_FEED_BATCH = 5_000;

/**
 * A feed's batch mutation: the caller's role is checked by the schema's access rules; here the
 * size of the batch, and the caller is kept as the sender in each record's history.
 */
export function recordFeedBatch<Checked extends FeedRecord>(
  intake: FeedIntake<Checked>,
  records: readonly unknown[],
  caller: Caller,
  argument = 'records',
): Promise<FeedReceipt> {
  if (records.length === 0 || records.length > MAX_FEED_BATCH)
    throw new BadUserInputError(argument, `send 1 to ${MAX_FEED_BATCH} records a call`);
  return intake.record(records, { channel: 'API', recordedBy: `${caller.kind}:${caller.id}` });
}
