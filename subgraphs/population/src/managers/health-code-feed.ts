import { personIdFor, residentIdProblem, type Database, type Logger } from '@cityhub/kit';
import {
  HealthCodeChangeStore,
  type CheckedHealthCodeChange,
  type FeedChannel,
  type FeedRejection,
} from '../repositories/health-code-change-store.js';

/** A change as a feed sends it, not yet checked (bus messages are JSON from outside). */
export interface IncomingHealthCodeChange {
  sourceId?: unknown;
  idNumber?: unknown;
  color?: unknown;
  changedAt?: unknown;
}

export interface FeedReceipt {
  /** Changes that moved a resident's colour. */
  applied: number;
  /** Recorded in the history, but older than the resident's current colour. */
  superseded: number;
  /** Source ids recorded before (or twice in this batch): ignored. */
  duplicates: number;
  /** Refused, each with the field and reason (in `rejections`). */
  rejected: number;
  rejections: Array<FeedRejection & { index: number }>;
}

const COLORS = new Set(['GREEN', 'YELLOW', 'RED']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Device clocks run a little ahead; a change further in the future is a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const RETRIED_CODES = new Set(['40P01', '40001']);

/**
 * Health-code colour changes from the health commission's system, whichever way they come (a
 * batch mutation, NATS, MQTT): each checked on its own, so one bad record refuses only itself;
 * recorded idempotently by source id, in order per resident by the time of the change.
 */
export class HealthCodeFeed {
  private readonly store: HealthCodeChangeStore;

  constructor(
    db: Database,
    private readonly personIdKey: string,
    private readonly logger?: Logger,
  ) {
    this.store = new HealthCodeChangeStore(db);
  }

  async record(
    incoming: readonly IncomingHealthCodeChange[],
    feed: FeedChannel,
    recordedBy: string,
  ): Promise<FeedReceipt> {
    const receipt: FeedReceipt = {
      applied: 0,
      superseded: 0,
      duplicates: 0,
      rejected: 0,
      rejections: [],
    };
    const checked: Array<CheckedHealthCodeChange & { index: number }> = [];
    const seen = new Set<string>();
    incoming.forEach((change, index) => {
      const result = this.check(change);
      if ('field' in result) receipt.rejections.push({ ...result, index });
      else if (seen.has(result.sourceId)) receipt.duplicates += 1;
      else {
        seen.add(result.sourceId);
        checked.push({ ...result, index });
      }
    });
    if (checked.length > 0) {
      const outcomes = await this.withRetry(() => this.store.record(checked, feed, recordedBy));
      for (const change of checked) {
        const outcome = outcomes.get(change.sourceId);
        if (outcome === 'APPLIED') receipt.applied += 1;
        else if (outcome === 'SUPERSEDED') receipt.superseded += 1;
        else if (outcome === 'DUPLICATE') receipt.duplicates += 1;
        else
          receipt.rejections.push({
            index: change.index,
            sourceId: change.sourceId,
            field: 'idNumber',
            reason: 'no resident has this ID number',
          });
      }
    }
    receipt.rejected = receipt.rejections.length;
    receipt.rejections.sort((a, b) => a.index - b.index);
    await this.store.recordRejections(receipt.rejections, feed, recordedBy);
    return receipt;
  }

  /** Messages that were not even JSON: kept among the rejections, with no source id. */
  async refuseUnreadable(reasons: readonly string[], feed: FeedChannel, recordedBy: string) {
    await this.store.recordRejections(
      reasons.map((reason) => ({ sourceId: null, field: 'message', reason })),
      feed,
      recordedBy,
    );
  }

  private check(change: IncomingHealthCodeChange): CheckedHealthCodeChange | FeedRejection {
    const sourceId =
      typeof change.sourceId === 'string' && change.sourceId.trim() ? change.sourceId.trim() : null;
    const refuse = (field: string, reason: string): FeedRejection => ({ sourceId, field, reason });
    if (!sourceId) return refuse('sourceId', 'is required');
    if (sourceId.length > 200) return refuse('sourceId', 'is over 200 characters');
    const idNumber = typeof change.idNumber === 'string' ? change.idNumber.toUpperCase() : '';
    const idProblem = idNumber ? residentIdProblem(idNumber) : 'is required';
    if (idProblem) return refuse('idNumber', idProblem);
    const color = typeof change.color === 'string' ? change.color.toUpperCase() : '';
    if (!COLORS.has(color)) return refuse('color', 'must be one of GREEN, YELLOW, RED');
    const changedAt = typeof change.changedAt === 'string' ? change.changedAt : '';
    const time = INSTANT.test(changedAt) ? Date.parse(changedAt) : NaN;
    if (Number.isNaN(time))
      return refuse('changedAt', 'must be an ISO 8601 instant with an offset');
    if (time > Date.now() + FUTURE_TOLERANCE_MS) return refuse('changedAt', 'is in the future');
    return {
      sourceId,
      personId: personIdFor(idNumber, this.personIdKey),
      color: color as CheckedHealthCodeChange['color'],
      changedAt: new Date(time).toISOString(),
    };
  }

  /** Two batches moving the same residents may deadlock; the loser is run again. */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !RETRIED_CODES.has(code) || attempt >= 5) throw error;
        this.logger?.debug({ code, attempt }, 'health-code batch retried');
      }
    }
  }
}
