import type { Database } from '@cityhub/kit';
import type { Knex } from 'knex';
import { ImportJobStore, type ImportJobRow } from './import-job-store.js';
import { keyColumns, type ImportMapping, type MergeCounts } from './mapping.js';

/**
 * The all-or-nothing step: repeats of a key within the file and rows failing the set checks are
 * moved from the staged set to the rejections, the rest merged, the job closed and its staged
 * rows removed, in one transaction.
 */
export async function mergeStaged(
  db: Database,
  mapping: ImportMapping,
  jobId: number,
  rowsPerSecond: number,
): Promise<ImportJobRow> {
  const stagingTable = mapping.stagingTable;
  const key = keyColumns(mapping);
  // A composite key is named by its fields joined with `+`, e.g. `station_code+train_number`.
  const keyField = key.join('+');
  const keyList = key.map((column) => `"${column}"`).join(', ');
  await db.transaction(async (trx) => {
    await trx.raw(
      `/* importer.rejectRepeatedKeys */
       WITH firsts AS (
         SELECT line, first_value(line) OVER (PARTITION BY ${keyList} ORDER BY line) AS first
           FROM ${stagingTable} WHERE job_id = :job),
       removed AS (
         DELETE FROM ${stagingTable} s USING firsts f
          WHERE s.job_id = :job AND s.line = f.line AND f.line <> f.first
          RETURNING s.line, f.first)
       INSERT INTO import_rejections (job_id, line, field, reason)
       SELECT :job, line, :field, :reason || first FROM removed`,
      { job: jobId, field: keyField, reason: `repeats the ${key.join(', ')} of line ` },
    );
    for (const check of mapping.setChecks ?? []) {
      await trx.raw(
        `/* importer.setCheck */
         WITH removed AS (
           DELETE FROM ${stagingTable} s WHERE s.job_id = :job AND (${check.rejectWhere}) RETURNING s.line)
         INSERT INTO import_rejections (job_id, line, field, reason) SELECT :job, line, :field, :reason FROM removed`,
        { job: jobId, field: check.field, reason: check.reason },
      );
    }
    const {
      rows: [staged],
    } = await trx.raw<{ rows: Array<{ total: number }> }>(
      `SELECT count(*)::int AS total FROM ${stagingTable} WHERE job_id = ?`,
      [jobId],
    );
    const merged = await mergeRows(trx, mapping, jobId);
    await trx.raw(`DELETE FROM ${stagingTable} WHERE job_id = ?`, [jobId]);
    await trx.raw(
      `/* importer.closeJob */ UPDATE import_jobs
          SET status = 'DONE', finished_at = now(), updated_at = now(), rows_inserted = :inserted,
              rows_updated = :updated, rows_unchanged = :unchanged, rows_per_second = :rate,
              rows_rejected = (SELECT count(DISTINCT line) FROM import_rejections WHERE job_id = :job)
        WHERE id = :job`,
      {
        job: jobId,
        inserted: merged.inserted,
        updated: merged.updated,
        unchanged: staged!.total - merged.inserted - merged.updated,
        rate: rowsPerSecond,
      },
    );
  });
  return (await new ImportJobStore(db).byId(jobId))!;
}

async function mergeRows(
  trx: Knex.Transaction,
  mapping: ImportMapping,
  jobId: number,
): Promise<MergeCounts> {
  if (typeof mapping.merge === 'function') return mapping.merge(trx, jobId);
  const {
    rows: [merged],
  } = await trx.raw<{ rows: MergeCounts[] }>(
    `/* importer.merge.${mapping.kind} */ ${mapping.merge}`,
    {
      job: jobId,
    },
  );
  return merged!;
}
