import { AuditUnavailableError, isRecordError, type PersonalDataRead } from './audit-record.js';
import { createDatabase, type Database } from './database.js';
import type { Logger } from './logger.js';

/** `work`, or a rejection when it has not settled within `ms`. */
function withinMs<T>(ms: number, work: PromiseLike<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
}

export interface AuditWriterOptions {
  /** Records waiting to be written beyond which new ones are refused (and their data withheld). */
  maxQueuedRecords?: number;
  /** Most records in one INSERT. */
  maxBatchRecords?: number;
  /** A write that takes longer than this counts as failed. */
  writeTimeoutMs?: number;
  /** How often an unavailable audit log is probed for recovery. */
  probeIntervalMs?: number;
}

const WRITER_DEFAULTS: Required<AuditWriterOptions> = {
  maxQueuedRecords: 20_000,
  maxBatchRecords: 2_000,
  writeTimeoutMs: 5_000,
  probeIntervalMs: 1_000,
};

interface Waiter {
  rows: PersonalDataRead[];
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Writes audit records to `audit.personal_data_reads` before the data they describe leave: each
 * request awaits `commit()` of its records, and the records of all requests that arrive while a
 * write is running go together in the next INSERT (group commit: one round trip and one WAL flush
 * for many requests). A commit resolves only once PostgreSQL has committed the row.
 *
 * Fails closed: when a write fails, the requests in it are rejected (their data are withheld), the
 * log is marked unavailable with the reason (health reports it, and the field guard withholds
 * unmasked data up front) until a probe succeeds. A batch that fails is retried request by
 * request, so one bad record is refused alone and never blocks the others. The queue is bounded.
 */
export class AuditWriter {
  private readonly db: Database;
  private queue: Waiter[] = [];
  private queuedRecords = 0;
  private readonly writers = new Set<Promise<void>>();
  private failure: string | null = null;
  private probe: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly limits: Required<AuditWriterOptions>;
  private readonly maxConcurrentWrites = 2;

  constructor(
    databaseUrl: string,
    private readonly logger: Logger,
    options: AuditWriterOptions = {},
  ) {
    this.limits = { ...WRITER_DEFAULTS, ...options };
    this.db = createDatabase({ url: databaseUrl, schema: 'audit', poolMax: 2, logger });
  }

  /** Null while records can be written; otherwise why not. */
  get unavailableReason(): string | null {
    return this.closed ? 'the audit writer is closed' : this.failure;
  }

  /** Checks that the audit table can be written; marks the log unavailable (and starts probing) when not. */
  async reachable(): Promise<boolean> {
    try {
      await withinMs(
        this.limits.writeTimeoutMs,
        this.db('personal_data_reads').comment('audit.probe').select('id').limit(0),
      );
      this.recovered();
      return true;
    } catch (error) {
      this.failed(error, 'the audit log is not reachable');
      return false;
    }
  }

  /** Resolves once the records are committed; rejects with AuditUnavailableError when they cannot be. */
  commit(rows: PersonalDataRead[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new AuditUnavailableError('the audit writer is closed'));
    // Fail fast while the log is down; the probe notices when it is back.
    if (this.failure !== null) return Promise.reject(new AuditUnavailableError(this.failure));
    if (this.queuedRecords + rows.length > this.limits.maxQueuedRecords)
      return Promise.reject(new AuditUnavailableError('the audit queue is full'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRecords += rows.length;
      this.startWriter();
    });
  }

  /** Waits until every record handed over so far is written (or refused). */
  async flush(): Promise<void> {
    while (this.writers.size > 0) await Promise.all([...this.writers]);
  }

  /** Flushes, then refuses new records and releases the connections. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    await this.db.destroy();
  }

  /** INSERTs so far and the records they carried: their ratio is how much group commit batches. */
  readonly written = { inserts: 0, records: 0 };

  /**
   * Up to two INSERTs in flight (the pool's size): while one waits for its commit, the next takes
   * everything queued meanwhile, so a request waits for at most about two commits.
   */
  private startWriter(): void {
    if (this.writers.size >= this.maxConcurrentWrites || this.queue.length === 0) return;
    const writer: Promise<void> = this.drainQueue().finally(() => {
      this.writers.delete(writer);
      this.startWriter();
    });
    this.writers.add(writer);
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Waiter[] = [];
      let records = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || records < this.limits.maxBatchRecords)
      ) {
        const waiter = this.queue.shift()!;
        batch.push(waiter);
        records += waiter.rows.length;
      }
      try {
        await this.writeBatch(batch);
      } finally {
        this.queuedRecords -= records;
      }
    }
  }

  private async writeBatch(batch: Waiter[]): Promise<void> {
    try {
      await this.insert(batch.flatMap((waiter) => waiter.rows));
      this.recovered();
      for (const waiter of batch) waiter.resolve();
      return;
    } catch (error) {
      // The log is down (not one bad record): the whole batch is refused at once, not retried
      // request by request against a database that does not answer.
      if (!isRecordError(error) || batch.length === 1) return this.refuseAll(batch, error);
    }
    // A record the table refuses: retry one request at a time, so that only its own request fails.
    for (const [index, waiter] of batch.entries()) {
      try {
        await this.insert(waiter.rows);
        waiter.resolve();
      } catch (error) {
        if (isRecordError(error)) this.refuseAll([waiter], error);
        else return this.refuseAll(batch.slice(index), error);
      }
    }
  }

  private refuseAll(waiters: Waiter[], error: unknown): void {
    if (isRecordError(error)) {
      // The record itself is bad (too long, malformed): refuse its request, the log stays up.
      this.logger.error({ err: error, records: waiters[0]!.rows.length }, 'audit record refused');
      for (const waiter of waiters)
        waiter.reject(new AuditUnavailableError('the audit record was refused'));
      return;
    }
    this.failed(error, 'audit write failed');
    for (const waiter of waiters)
      waiter.reject(new AuditUnavailableError(this.failure ?? 'the audit write failed'));
  }

  private async insert(rows: PersonalDataRead[]): Promise<void> {
    await withinMs(
      this.limits.writeTimeoutMs,
      this.db('personal_data_reads').comment('audit.appendReads').insert(rows),
    );
    this.written.inserts += 1;
    this.written.records += rows.length;
  }

  private failed(error: unknown, message: string): void {
    const reason = `${message}: ${(error as Error).message ?? String(error)}`;
    if (this.failure === null)
      this.logger.error({ err: error }, `${message}; personal data are withheld until it recovers`);
    this.failure = reason;
    if (!this.probe && !this.closed) {
      this.probe = setInterval(() => void this.reachable(), this.limits.probeIntervalMs);
      this.probe.unref();
    }
  }

  private recovered(): void {
    if (this.failure !== null) this.logger.warn('the audit log is writable again');
    this.failure = null;
    if (this.probe) {
      clearInterval(this.probe);
      this.probe = null;
    }
  }
}
