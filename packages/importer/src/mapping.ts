import type { CopyValue, InputProblems } from '@cityhub/kit';
import type { Fields } from './field-readers.js';

/**
 * What one department needs to load one kind of file: how a record becomes a staged row, which
 * checks need its tables, and how the staged rows merge into its own table. The engine does the
 * rest (reading, COPY, rejections, resuming, idempotency, progress) the same for every kind.
 */
export interface ImportMapping {
  /** The kind named on the command line and in the API, e.g. `residents`. */
  kind: string;
  /** UNLOGGED table made by the department's migration: `job_id`, `line`, then `columns`. */
  stagingTable: string;
  /** The staged columns, in the order `read` returns their values. */
  columns: string[];
  /** The natural key column (also the record's field name): a repeat within one file is refused. */
  key: string;
  /** One record to its staged values, or null with its problems recorded field by field. */
  read(fields: Fields, problems: InputProblems): CopyValue[] | null;
  /**
   * Checks of the staged set against the department's tables (a community that exists), as SQL
   * conditions on the staged row `s`: a row they match is rejected with this field and reason.
   */
  setChecks?: SetCheck[];
  /**
   * One statement that merges the job's staged rows (`:job`) into the department's table by natural
   * key, changing nothing where the row is already the same, and answers one row
   * `{ inserted, updated }`. `upsertStatement` writes it for a plain table.
   */
  mergeSql: string;
}

export interface SetCheck {
  field: string;
  reason: string;
  rejectWhere: string;
}

/**
 * The merge of a plain table: insert new keys, update a known key only where a compared column
 * differs (so the same file twice writes nothing, and triggers see no change).
 */
export function upsertStatement(options: {
  table: string;
  stagingTable: string;
  columns: string[];
  key: string;
}): string {
  const { table, stagingTable, columns, key } = options;
  const list = columns.map((c) => `"${c}"`).join(', ');
  const compared = columns.filter((c) => c !== key);
  return `WITH changed AS (
      INSERT INTO ${table} AS t (${list})
      SELECT ${list} FROM ${stagingTable} WHERE job_id = :job ORDER BY "${key}"
      ON CONFLICT ("${key}") DO UPDATE SET ${compared.map((c) => `"${c}" = excluded."${c}"`).join(', ')}
      WHERE (${compared.map((c) => `t."${c}"`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `excluded."${c}"`).join(', ')})
      RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM changed`;
}
