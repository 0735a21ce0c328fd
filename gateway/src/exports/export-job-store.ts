import type { Caller, Database } from '@cityhub/kit';

export type ExportState = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  id: string;
  caller: Caller;
  callerId: string;
  apiKeyId: string | null;
  documentId: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  state: ExportState;
  rowsDone: number;
  rowsTotal: number | null;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

interface DbExportJobRow {
  id: string;
  caller: Caller;
  caller_id: string;
  api_key_id: string | null;
  document_id: string;
  operation_name: string | null;
  variables: Record<string, unknown>;
  state: ExportState;
  rows_done: number;
  rows_total: number | null;
  error: ExportJob['error'];
  attempts: number;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date | null;
}

export type NewExportJob = Pick<
  ExportJob,
  'id' | 'caller' | 'apiKeyId' | 'documentId' | 'operationName' | 'variables'
>;

/** Export jobs and their files (chunks of CSV bytes in order) in the gateway's schema. */
export class ExportJobStore {
  constructor(private readonly db: Database) {}

  async create(job: NewExportJob): Promise<void> {
    await this.db('export_jobs')
      .comment('gateway.createExportJob')
      .insert({
        id: job.id,
        caller: JSON.stringify(job.caller),
        caller_id: callerKey(job.caller),
        api_key_id: job.apiKeyId,
        document_id: job.documentId,
        operation_name: job.operationName,
        variables: JSON.stringify(job.variables),
      });
  }

  async byId(id: string): Promise<ExportJob | null> {
    const row: DbExportJobRow | undefined = await this.db('export_jobs')
      .comment('gateway.exportJobById')
      .where({ id })
      .first();
    return row ? toJob(row) : null;
  }

  /** A (re)run starts from nothing: a file half written by a stopped gateway is dropped. */
  async start(id: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('export_chunks').comment('gateway.dropExportChunks').where({ job_id: id }).delete();
      await trx('export_jobs')
        .comment('gateway.startExportJob')
        .where({ id })
        .update({ state: 'running', rows_done: 0, rows_total: null, error: null })
        .increment('attempts', 1);
    });
  }

  /** Back to the queue after an interruption: it reruns from the start. */
  async requeue(id: string): Promise<void> {
    await this.db('export_jobs')
      .comment('gateway.requeueExportJob')
      .where({ id, state: 'running' })
      .update({ state: 'queued' });
  }

  async appendChunk(
    id: string,
    seq: number,
    content: string,
    rowsDone: number,
    rowsTotal: number | null,
  ) {
    await this.db.transaction(async (trx) => {
      await trx('export_chunks')
        .comment('gateway.appendExportChunk')
        .insert({ job_id: id, seq, content: Buffer.from(content, 'utf8') });
      await trx('export_jobs')
        .comment('gateway.exportProgress')
        .where({ id })
        .update({ rows_done: rowsDone, rows_total: rowsTotal });
    });
  }

  async finish(id: string, expiresAt: Date): Promise<void> {
    await this.db('export_jobs')
      .comment('gateway.finishExportJob')
      .where({ id })
      .update({ state: 'done', finished_at: this.db.fn.now(), expires_at: expiresAt });
  }

  async fail(id: string, error: { code: string; message: string }, expiresAt: Date): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('export_chunks').comment('gateway.dropExportChunks').where({ job_id: id }).delete();
      await trx('export_jobs')
        .comment('gateway.failExportJob')
        .where({ id })
        .update({
          state: 'failed',
          error: JSON.stringify(error),
          finished_at: trx.fn.now(),
          expires_at: expiresAt,
        });
    });
  }

  /** The file's chunks in order, one at a time, so a big file never sits whole in memory. */
  async *chunks(id: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const row: { content: Buffer } | undefined = await this.db('export_chunks')
        .comment('gateway.exportChunk')
        .where({ job_id: id, seq })
        .first('content');
      if (!row) return;
      yield row.content;
    }
  }

  /** Removes jobs past their expiry together with their files; returns how many. */
  async removeExpired(now = new Date()): Promise<number> {
    return this.db('export_jobs')
      .comment('gateway.removeExpiredExports')
      .where('expires_at', '<', now)
      .delete();
  }
}

/** Who a job belongs to: the caller's kind and id (an API key's id, a user's id). */
export function callerKey(caller: Pick<Caller, 'kind' | 'id'>): string {
  return `${caller.kind}:${caller.id}`;
}

function toJob(row: DbExportJobRow): ExportJob {
  return {
    id: row.id,
    caller: row.caller,
    callerId: row.caller_id,
    apiKeyId: row.api_key_id,
    documentId: row.document_id,
    operationName: row.operation_name,
    variables: row.variables,
    state: row.state,
    rowsDone: row.rows_done,
    rowsTotal: row.rows_total,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    expiresAt: row.expires_at,
  };
}
