import type { Knex } from 'knex';
import type { z } from 'zod';

/** The way a record came in, kept in its history (the `feed` column). */
export type FeedChannel = 'API' | 'NATS' | 'MQTT';

/** Where a batch came from: the channel and who sent it (a caller, a subject, a device). */
export interface FeedOrigin {
  channel: FeedChannel;
  recordedBy: string;
}

/** Why one record was refused; the rest of its batch is recorded. */
export interface FeedRejection {
  sourceId: string | null;
  field: string;
  reason: string;
}

/**
 * What `apply` made of a record: it moved the current state, was kept as history only (older
 * than the state for its key), or its source id had been recorded before. A record `apply` does
 * not answer for was not inserted: its source id was seen before.
 */
export type FeedOutcome = 'APPLIED' | 'SUPERSEDED' | 'DUPLICATE' | Omit<FeedRejection, 'sourceId'>;

/** Every feed record carries the source's own id, which makes a second delivery harmless. */
export interface FeedRecord {
  sourceId: string;
}

/**
 * What a department declares for a feed; the kit's intake, mutation helper, NATS consumer and
 * MQTT bridge do the rest. `apply` runs inside the batch's transaction with the checked records
 * of a batch, each source id once, sorted by key and then by source time; it writes the history
 * rows (source id unique, `feed`, `recorded_by`, `recorded_at`: see `addFeedHistoryColumns`) and
 * moves the current state only where a record is newer than it, so that late or redelivered
 * records never undo a later one.
 */
export interface FeedDefinition<Checked extends FeedRecord> {
  /** `<department>.<feed>`, e.g. `population.health-codes`: names the subject, topic and durable. */
  name: string;
  /** Checks one record and turns it into what `apply` takes; an issue refuses that record only. */
  schema: z.ZodType<Checked, unknown>;
  /** The key records are ordered by (a resident, a meter, a checkpoint). */
  keyOf(record: Checked): string;
  /** The source's own time of the record (ISO 8601), which orders records of one key. */
  timeOf(record: Checked): string;
  /** The department's table of refused records (see `createFeedRejectionsTable`). */
  rejectionsTable: string;
  apply(
    records: readonly Checked[],
    trx: Knex.Transaction,
    origin: FeedOrigin,
  ): Promise<Map<string, FeedOutcome>>;
}

export interface FeedReceipt {
  /** Records that moved the current state. */
  applied: number;
  /** Recorded in the history, but older than the current state of their key. */
  superseded: number;
  /** Source ids recorded before (or twice in this batch): ignored. */
  duplicates: number;
  /** Refused, each with the field and reason (in `rejections`). */
  rejected: number;
  rejections: Array<FeedRejection & { index: number }>;
}
