import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import type {
  FeedDefinition,
  FeedOrigin,
  FeedReceipt,
  FeedRecord,
  FeedRejection,
} from './feed-definition.js';

/** Two batches moving the same keys may deadlock or fail to serialise; the loser runs again. */
const RETRIED_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/** The source id of a record as sent, for a rejection to name it (null when it has none). */
function sentSourceId(raw: unknown): string | null {
  const value = raw && typeof raw === 'object' ? (raw as { sourceId?: unknown }).sourceId : null;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * Records a department's feed whichever way it comes (a batch mutation, NATS, MQTT): each record
 * checked on its own against the feed's schema, so one bad record refuses only itself (with the
 * field and reason); each source id once; the batch in one transaction, in order per key by the
 * source's time; the refusals kept in the department's rejections table.
 */
export class FeedIntake<Checked extends FeedRecord> {
  constructor(
    private readonly db: Knex,
    readonly definition: FeedDefinition<Checked>,
    private readonly logger?: Logger,
  ) {}

  /** `unreadable`: reasons for whole messages that held no records (not JSON). */
  async record(
    incoming: readonly unknown[],
    origin: FeedOrigin,
    unreadable: readonly string[] = [],
  ): Promise<FeedReceipt> {
    const receipt: FeedReceipt = {
      applied: 0,
      superseded: 0,
      duplicates: 0,
      rejected: 0,
      rejections: [],
    };
    const checked: Array<{ record: Checked; index: number }> = [];
    const seen = new Set<string>();
    incoming.forEach((raw, index) => {
      const parsed = this.definition.schema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        receipt.rejections.push({
          index,
          sourceId: sentSourceId(raw),
          field: issue?.path.map(String).join('.') || 'record',
          reason: issue?.message ?? 'is not valid',
        });
      } else if (seen.has(parsed.data.sourceId)) receipt.duplicates += 1;
      else {
        seen.add(parsed.data.sourceId);
        checked.push({ record: parsed.data, index });
      }
    });
    const checkRejections = receipt.rejections;
    const { keyOf, timeOf } = this.definition;
    checked.sort(
      (a, b) =>
        compare(keyOf(a.record), keyOf(b.record)) ||
        Date.parse(timeOf(a.record)) - Date.parse(timeOf(b.record)),
    );
    const repeatedInBatch = receipt.duplicates;
    await this.inTransaction(async (trx) => {
      // Counted afresh on each attempt: a retried transaction starts over.
      Object.assign(receipt, { applied: 0, superseded: 0, duplicates: repeatedInBatch });
      const outcomes =
        checked.length > 0
          ? await this.definition.apply(
              checked.map((c) => c.record),
              trx,
              origin,
            )
          : new Map();
      const refused = [...checkRejections];
      for (const { record, index } of checked) {
        const outcome = outcomes.get(record.sourceId) ?? 'DUPLICATE';
        if (outcome === 'APPLIED') receipt.applied += 1;
        else if (outcome === 'SUPERSEDED') receipt.superseded += 1;
        else if (outcome === 'DUPLICATE') receipt.duplicates += 1;
        else refused.push({ index, sourceId: record.sourceId, ...outcome });
      }
      const unread = unreadable.map((reason) => ({ sourceId: null, field: 'message', reason }));
      await this.keepRejections(trx, [...refused, ...unread], origin);
      receipt.rejections = refused.sort((a, b) => a.index - b.index);
    });
    receipt.rejected = receipt.rejections.length;
    return receipt;
  }

  private async keepRejections(
    trx: Knex.Transaction,
    rejections: readonly FeedRejection[],
    origin: FeedOrigin,
  ): Promise<void> {
    if (rejections.length === 0) return;
    await trx(this.definition.rejectionsTable)
      .comment(`${this.definition.name}.recordFeedRejections`)
      .insert(
        rejections.map((r) => ({
          source_id: r.sourceId,
          field: r.field,
          reason: r.reason,
          feed: origin.channel,
          recorded_by: origin.recordedBy,
        })),
      );
  }

  private async inTransaction(work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.transaction(work);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRIED_CODES.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger?.debug({ code, attempt, feed: this.definition.name }, 'feed batch retried');
      }
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
