import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  copyRows,
  inRawTransaction,
  InputProblems,
  type CopyValue,
  type Database,
} from '@cityhub/kit';
import type pg from 'pg';
import { ImportJobStore, type ImportJobRow } from './import-job-store.js';
import type { ImportMapping } from './mapping.js';
import { mergeStaged } from './merge-staged.js';
import { readRecords, UnreadableRecord, type FileFormat } from './record-reader.js';

export interface ImportProgress {
  jobId: number;
  phase: 'staging' | 'merging' | 'done';
  linesRead: number;
  rowsRejected: number;
  bytesRead: number;
  bytesTotal: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate, from the share of the file read; null before a rate is known. */
  etaSeconds: number | null;
}

export interface ImportOptions {
  db: Database;
  mapping: ImportMapping;
  file: string;
  format?: FileFormat;
  /** Who runs it, kept on the job: `user:<id>` or `cli:<login>`. */
  startedBy: string;
  /** Records staged per transaction: the unit an interrupted import resumes from. */
  chunkRecords?: number;
  /** Called after each committed chunk and at each phase; a promise it returns is awaited first. */
  onProgress?(progress: ImportProgress): unknown;
}

export interface ImportOutcome {
  job: ImportJobRow;
  /** The same file (same content) was loaded before: nothing was read or changed. */
  alreadyImported: boolean;
  resumed: boolean;
}

/**
 * Loads one file into a department's table. Records are checked one by one and staged with COPY
 * in chunks, each chunk committed with its progress mark (an interrupted run resumes after the
 * last one); the staged set is then checked against the department's tables and merged by natural
 * key in one transaction, so the table sees all of the file or none of it.
 */
export async function runImport(options: ImportOptions): Promise<ImportOutcome> {
  const { db, mapping, file } = options;
  const jobs = new ImportJobStore(db);
  const bytesTotal = (await stat(file)).size;
  const contentHash = await sha256Of(file);
  const found = await jobs.byHash(mapping.kind, contentHash);
  if (found?.status === 'DONE') return { job: found, alreadyImported: true, resumed: false };
  const job =
    found ??
    (await jobs.create({
      kind: mapping.kind,
      file_name: basename(file),
      content_hash: contentHash,
      started_by: options.startedBy,
      bytes_total: bytesTotal,
    }));
  if (found) await jobs.update(job.id, { status: 'STAGING', error: null });
  try {
    await mapping.prepare?.(db);
    const staged = await stage(options, job, bytesTotal);
    await options.onProgress?.({ ...staged, phase: 'merging', etaSeconds: 0 });
    await jobs.update(job.id, { status: 'MERGING' });
    const done = await mergeStaged(db, mapping, job.id, staged.rowsPerSecond);
    await options.onProgress?.({ ...staged, phase: 'done', rowsRejected: done.rows_rejected });
    return { job: done, alreadyImported: false, resumed: found !== undefined };
  } catch (error) {
    await jobs.update(job.id, { status: 'FAILED', error: (error as Error).message });
    throw error;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function stage(
  options: ImportOptions,
  job: ImportJobRow,
  bytesTotal: number,
): Promise<ImportProgress> {
  const { db, mapping, chunkRecords = 50_000 } = options;
  const started = Date.now();
  const resumedAt = job.lines_read;
  let progress: ImportProgress = {
    jobId: job.id,
    phase: 'staging',
    linesRead: job.lines_read,
    rowsRejected: job.rows_rejected,
    bytesRead: job.bytes_read,
    bytesTotal,
    rowsPerSecond: 0,
    etaSeconds: null,
  };
  let rows: CopyValue[][] = [];
  let rejections: CopyValue[][] = [];
  let rowsRead = job.rows_read;
  let rejected = job.rows_rejected;
  const flush = async (linesRead: number, bytesRead: number) => {
    await inRawTransaction(db, async (client) => {
      await copyRows(client, mapping.stagingTable, ['job_id', 'line', ...mapping.columns], rows);
      await copyRows(
        client,
        'import_rejections',
        ['job_id', 'line', 'field', 'reason'],
        rejections,
      );
      await markProgress(client, job.id, { linesRead, bytesRead, rowsRead, rejected });
    });
    rows = [];
    rejections = [];
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = (linesRead - resumedAt) / seconds;
    const bytesPerSecond = (bytesRead - job.bytes_read) / seconds;
    progress = {
      ...progress,
      linesRead,
      bytesRead,
      rowsRejected: rejected,
      rowsPerSecond: Math.round(rate),
      etaSeconds: bytesPerSecond > 0 ? Math.round((bytesTotal - bytesRead) / bytesPerSecond) : null,
    };
    await options.onProgress?.(progress);
  };
  let lastLine = job.lines_read;
  let lastBytes = job.bytes_read;
  let pending = 0;
  for await (const record of readRecords(options.file, options.format)) {
    if (record.line <= job.lines_read) continue;
    lastLine = record.line;
    lastBytes = record.bytesRead;
    rowsRead += 1;
    pending += 1;
    if (record instanceof UnreadableRecord) {
      rejections.push([job.id, record.line, 'record', record.reason]);
      rejected += 1;
    } else {
      const problems = new InputProblems();
      const values = mapping.read(record.fields, problems);
      if (values && problems.list.length === 0) rows.push([job.id, record.line, ...values]);
      else {
        for (const { field, reason } of problems.list)
          rejections.push([job.id, record.line, field, reason]);
        rejected += 1;
      }
    }
    if (pending >= chunkRecords) {
      await flush(lastLine, lastBytes);
      pending = 0;
    }
  }
  await flush(lastLine, bytesTotal);
  return progress;
}

async function markProgress(
  client: pg.ClientBase,
  jobId: number,
  mark: { linesRead: number; bytesRead: number; rowsRead: number; rejected: number },
): Promise<void> {
  await client.query(
    `/* importer.markProgress */ UPDATE import_jobs
        SET lines_read = $2, bytes_read = $3, rows_read = $4, rows_rejected = $5, updated_at = now()
      WHERE id = $1`,
    [jobId, mark.linesRead, mark.bytesRead, mark.rowsRead, mark.rejected],
  );
}
