import type { Caller } from './caller.js';
import { createDatabase, type Database } from './database.js';
import type { Logger } from './logger.js';

/** One unmasked read of one person's data in one request: who, why, which fields, when. */
export interface PersonalDataRead {
  read_at: Date;
  caller_kind: Caller['kind'];
  caller_id: string;
  department: string | null;
  purpose: string | null;
  operation: string | null;
  subgraph: string;
  person_id: string | null;
  fields: string[];
}

/** Collects a request's unmasked reads, one record per person with the fields read. */
export class AuditRecorder {
  private readonly byPerson = new Map<string | null, Set<string>>();
  constructor(
    private readonly caller: Caller,
    private readonly operation: string | null,
    private readonly subgraph: string,
  ) {}

  record(personId: string | null, field: string): void {
    const fields = this.byPerson.get(personId);
    if (fields) fields.add(field);
    else this.byPerson.set(personId, new Set([field]));
  }

  drain(): PersonalDataRead[] {
    const now = new Date();
    const rows = [...this.byPerson].map(([person_id, fields]) => ({
      read_at: now,
      caller_kind: this.caller.kind,
      caller_id: this.caller.id,
      department: this.caller.department,
      purpose: this.caller.purpose,
      operation: this.operation,
      subgraph: this.subgraph,
      person_id,
      fields: [...fields].sort(),
    }));
    this.byPerson.clear();
    return rows;
  }
}

/**
 * Appends audit records to `audit.personal_data_reads` in batches (a health-code gate reads
 * thousands a second). Records wait in memory until written; a failed write is retried, and
 * stop() writes what is left, so a graceful shutdown loses nothing.
 */
export class AuditWriter {
  private pending: PersonalDataRead[] = [];
  private readonly db: Database;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    databaseUrl: string,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
  ) {
    this.db = createDatabase({ url: databaseUrl, schema: 'audit', poolMax: 2, logger });
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  append(rows: PersonalDataRead[]): void {
    if (rows.length) this.pending.push(...rows);
  }

  /** Whether the audit table can be written; a subgraph that cannot record reads says so loudly at start. */
  async reachable(): Promise<boolean> {
    try {
      await this.db('personal_data_reads').comment('audit.probe').select('id').limit(0);
      return true;
    } catch (error) {
      this.logger.error(
        { err: error },
        'the audit log is not reachable: set AUDIT_DATABASE_URL to the database where the audit subgraph keeps it',
      );
      return false;
    }
  }

  /** Writes everything appended so far; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.db.destroy();
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      // One transaction, so that a retry never writes a record twice.
      await this.db.transaction(async (trx) => {
        for (let i = 0; i < batch.length; i += 1_000) {
          await trx('personal_data_reads')
            .comment('audit.appendReads')
            .insert(batch.slice(i, i + 1_000));
        }
      });
    } catch (error) {
      this.logger.error({ err: error, records: batch.length }, 'audit write failed; will retry');
      this.pending = batch.concat(this.pending);
    }
  }
}
