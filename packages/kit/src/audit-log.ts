import { AnswerScope } from './answer-scope.js';
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Caller } from './caller.js';
import { createDatabase, type Database } from './database.js';
import type { Logger } from './logger.js';

/** `unmasked`: personal data left the hub; `masked`: the caller learnt that the person exists (or saw masked fields). */
export type PersonalDataAccess = 'unmasked' | 'masked';

/** One request's access to one person's data: who, why, which fields, how, when, by which document. */
export interface PersonalDataRead {
  read_at: Date;
  caller_kind: Caller['kind'];
  caller_id: string;
  department: string | null;
  /** The registered purpose code the caller stated. */
  purpose: string | null;
  /** The caller's own words on it (x-purpose-note), decoded. */
  purpose_note: string | null;
  operation: string | null;
  subgraph: string;
  person_id: string | null;
  fields: string[];
  access: PersonalDataAccess;
  /** SHA-256 (hex) of the GraphQL document the subgraph executed. */
  document_sha256: string | null;
}

export function documentSha256(document: string | undefined | null): string | null {
  return document ? createHash('sha256').update(document).digest('hex') : null;
}

/** Collects a request's accesses to personal data, one record per person with the fields read. */
export class AuditRecorder {
  private readonly byPerson = new Map<string | null, { fields: Set<string>; unmasked: boolean }>();
  /** Set by the subgraph runtime once the request's document is known. */
  documentSha256: string | null = null;
  /** What the answer depended on; every recorded read makes it personal. */
  readonly answerScope = new AnswerScope();
  constructor(
    private readonly caller: Caller,
    private readonly operation: string | null,
    private readonly subgraph: string,
    /** Why the audit log cannot be written right now, or null; unmasked reads are refused meanwhile. */
    readonly unavailableReason: () => string | null = () => null,
  ) {}

  /** An unmasked read: the value leaves the hub only once this record is on disk. */
  record(personId: string | null, field: string): void {
    this.add(personId, field, true);
  }

  /** A masked field, or a lookup that tells whether a person exists. */
  recordMasked(personId: string | null, field: string): void {
    this.add(personId, field, false);
  }

  get hasUnmaskedReads(): boolean {
    for (const entry of this.byPerson.values()) if (entry.unmasked) return true;
    return false;
  }

  drain(): PersonalDataRead[] {
    const now = new Date();
    const rows = [...this.byPerson].map(([person_id, entry]) => ({
      read_at: now,
      caller_kind: this.caller.kind,
      caller_id: this.caller.id,
      department: this.caller.department,
      purpose: this.caller.purpose,
      purpose_note: this.caller.purposeNote ?? null,
      operation: this.operation,
      subgraph: this.subgraph,
      person_id,
      fields: [...entry.fields].sort(),
      access: (entry.unmasked ? 'unmasked' : 'masked') as PersonalDataAccess,
      document_sha256: this.documentSha256,
    }));
    this.byPerson.clear();
    return rows;
  }

  private add(personId: string | null, field: string, unmasked: boolean): void {
    this.answerScope.markPersonal();
    const entry = this.byPerson.get(personId);
    if (entry) {
      entry.fields.add(field);
      entry.unmasked ||= unmasked;
    } else this.byPerson.set(personId, { fields: new Set([field]), unmasked });
  }
}

/** PostgreSQL refused the data (classes 22 and 23), not the connection: one bad record. */
function isRecordError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** The audit cannot be written: personal data are withheld rather than served unrecorded. */
export class AuditUnavailableError extends GraphQLError {
  constructor(reason: string) {
    super(`The audit log cannot be written (${reason}); personal data are withheld.`, {
      extensions: { code: 'AUDIT_UNAVAILABLE', reason },
    });
  }
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
  private readonly maxQueuedRecords: number;
  private readonly maxBatchRecords: number;
  private readonly writeTimeoutMs: number;
  private readonly probeIntervalMs: number;
  private readonly maxConcurrentWrites = 2;

  constructor(
    databaseUrl: string,
    private readonly logger: Logger,
    options: AuditWriterOptions = {},
  ) {
    this.maxQueuedRecords = options.maxQueuedRecords ?? 20_000;
    this.maxBatchRecords = options.maxBatchRecords ?? 2_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.db = createDatabase({ url: databaseUrl, schema: 'audit', poolMax: 2, logger });
  }

  /** Null while records can be written; otherwise why not. */
  get unavailableReason(): string | null {
    return this.closed ? 'the audit writer is closed' : this.failure;
  }

  /** Checks that the audit table can be written; marks the log unavailable (and starts probing) when not. */
  async reachable(): Promise<boolean> {
    try {
      await this.withTimeout(
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
    if (this.queuedRecords + rows.length > this.maxQueuedRecords)
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

  /** Kept for callers of the earlier API. */
  stop(): Promise<void> {
    return this.close();
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
      while (this.queue.length > 0 && (batch.length === 0 || records < this.maxBatchRecords)) {
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
    await this.withTimeout(
      this.db('personal_data_reads').comment('audit.appendReads').insert(rows),
    );
    this.written.inserts += 1;
    this.written.records += rows.length;
  }

  private withTimeout<T>(work: PromiseLike<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.writeTimeoutMs} ms`)),
        this.writeTimeoutMs,
      );
    });
    return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
  }

  private failed(error: unknown, message: string): void {
    const reason = `${message}: ${(error as Error).message ?? String(error)}`;
    if (this.failure === null)
      this.logger.error({ err: error }, `${message}; personal data are withheld until it recovers`);
    this.failure = reason;
    if (!this.probe && !this.closed) {
      this.probe = setInterval(() => void this.reachable(), this.probeIntervalMs);
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
