import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ImportJobStore,
  runImport,
  type ImportJobRow,
  type ImportMapping,
  type ImportRejectionRow,
} from '@cityhub/importer';
import type { Database } from '@cityhub/kit';
import { afterAll, beforeAll, expect } from 'vitest';
import { freshDepartment } from './fresh-department.js';

export interface FileImportRuns {
  first: ImportJobRow;
  /** Every refused record's problems, in line order: `line field: reason`. */
  rejections: string[];
  /** The same file again: recognised by its content, nothing read. */
  again: { alreadyImported: boolean; jobId: number };
  /** The same records under another hash (a blank line first): merged, nothing written. */
  reloaded: ImportJobRow;
  /** The target table's row versions before and after the reload: equal when nothing was written. */
  versions: { before: string; after: string };
}

/** Writes `text` to `file`, loads it, then loads it twice again the ways a department would. */
export async function importThreeTimes(
  db: Database,
  mapping: ImportMapping,
  file: string,
  text: string,
  table: string,
): Promise<FileImportRuns> {
  writeFileSync(file, text);
  const { job: first } = await runImport({ db, mapping, file, startedBy: 'test' });
  const found = await new ImportJobStore(db).rejections(first.id, 1_000, null);
  const again = await runImport({ db, mapping, file, startedBy: 'test' });
  // xmin changes on any write to a row, even one that writes the same values.
  const versions = async () =>
    String((await db(table).select(db.raw('sum(xmin::text::bigint)::text AS v')).first())?.v);
  const before = await versions();
  const copy = file.replace(/(\.\w+)$/, '-again$1');
  writeFileSync(copy, `\n${readFileSync(file, 'utf8')}`);
  const { job: reloaded } = await runImport({ db, mapping, file: copy, startedBy: 'test' });
  return {
    first,
    rejections: found.map(describe),
    again: { alreadyImported: again.alreadyImported, jobId: again.job.id },
    reloaded,
    versions: { before, after: await versions() },
  };
}

const describe = (r: ImportRejectionRow) => `${r.line} ${r.field}: ${r.reason}`;

/**
 * A fresh schema of the department for the file's tests (with `setup` run in it first, e.g. the
 * stations a schedule names) and a folder for their files; both go when the tests end.
 */
export function importTarget(name: string, setup?: (db: Database) => Promise<unknown>) {
  const target = {
    db: undefined as unknown as Database,
    dir: '',
    file: (base: string) => join(target.dir, base),
  };
  let drop = async () => {};
  beforeAll(async () => {
    target.dir = mkdtempSync(join(tmpdir(), `cityhub-import-${name}-`));
    const department = await freshDepartment(name);
    target.db = department.db;
    drop = department.drop;
    await setup?.(department.db);
  });
  afterAll(async () => {
    await drop();
    if (target.dir) rmSync(target.dir, { recursive: true, force: true });
  });
  return target;
}

/** The same file again was recognised; the same records again merged `unchanged` rows and wrote none. */
export function expectNothingChangedTheSecondTime(runs: FileImportRuns, unchanged: number): void {
  expect(runs.again).toEqual({ alreadyImported: true, jobId: runs.first.id });
  expect(runs.reloaded).toMatchObject({
    rows_inserted: 0,
    rows_updated: 0,
    rows_unchanged: unchanged,
  });
  expect(runs.versions.after).toBe(runs.versions.before);
}
