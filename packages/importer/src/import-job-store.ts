import type { Database } from '@cityhub/kit';

export type ImportStatus = 'STAGING' | 'MERGING' | 'DONE' | 'FAILED';

export interface ImportJobRow {
  id: number;
  kind: string;
  file_name: string;
  content_hash: string;
  status: ImportStatus;
  started_by: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  bytes_total: number;
  bytes_read: number;
  lines_read: number;
  rows_read: number;
  rows_rejected: number;
  rows_inserted: number | null;
  rows_updated: number | null;
  rows_unchanged: number | null;
  rows_per_second: number | null;
  error: string | null;
}

export interface ImportRejectionRow {
  job_id: number;
  line: number;
  field: string;
  reason: string;
}

/** A department's import jobs and their rejections: the SQL the engine and the API share. */
export class ImportJobStore {
  constructor(private readonly db: Database) {}

  byId(id: number): Promise<ImportJobRow | undefined> {
    return this.db('import_jobs').comment('importer.jobById').where({ id }).first();
  }

  byHash(kind: string, contentHash: string): Promise<ImportJobRow | undefined> {
    return this.db('import_jobs')
      .comment('importer.jobByHash')
      .where({ kind, content_hash: contentHash })
      .first();
  }

  /** Newest first, optionally of one kind. */
  latest(kind: string | null, limit: number): Promise<ImportJobRow[]> {
    const query = this.db('import_jobs').comment('importer.latestJobs').select('*');
    if (kind) query.where({ kind });
    return query.orderBy('id', 'desc').limit(limit);
  }

  async create(
    job: Pick<ImportJobRow, 'kind' | 'file_name' | 'content_hash' | 'started_by' | 'bytes_total'>,
  ): Promise<ImportJobRow> {
    const [row] = await this.db('import_jobs')
      .comment('importer.createJob')
      .insert({ ...job, status: 'STAGING' })
      .returning('*');
    return row as ImportJobRow;
  }

  async update(id: number, changes: Partial<ImportJobRow>): Promise<ImportJobRow> {
    const [row] = await this.db('import_jobs')
      .comment('importer.updateJob')
      .where({ id })
      .update({ ...changes, updated_at: this.db.fn.now() })
      .returning('*');
    return row as ImportJobRow;
  }

  /** Rejections in line order; `afterLine` continues a page. */
  rejections(
    jobId: number,
    limit: number,
    afterLine: number | null,
  ): Promise<ImportRejectionRow[]> {
    const query = this.db('import_rejections')
      .comment('importer.rejections')
      .where({ job_id: jobId })
      .orderBy([{ column: 'line' }, { column: 'field' }])
      .limit(limit);
    if (afterLine !== null) query.where('line', '>', afterLine);
    return query;
  }
}
