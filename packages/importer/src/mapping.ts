import type { CopyValue, Database, InputProblems } from '@cityhub/kit';
import type { Knex } from 'knex';
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
  /**
   * The natural key column(s) (also the record's field names): a repeat within one file is
   * refused, and the merge finds the row already there by it.
   */
  key: string | readonly string[];
  /**
   * Reads what the record checks need from the department's tables once per file (the stations
   * a schedule may name), before the first record.
   */
  prepare?(db: Database): Promise<void>;
  /** One record to its staged values, or null with its problems recorded field by field. */
  read(fields: Fields, problems: InputProblems): CopyValue[] | null;
  /**
   * Checks of the staged set against the department's tables (a community that exists), as SQL
   * conditions on the staged row `s`: a row they match is rejected with this field and reason.
   */
  setChecks?: SetCheck[];
  /**
   * The merge of the job's staged rows, in the one transaction that also closes the job: either
   * one statement (`:job` is the job's id) answering one row `{ inserted, updated }`, changing
   * nothing where the row is already the same (`upsertStatement` writes it for a plain table),
   * or a function for a department whose intake must run per record (its workflow, its events).
   */
  merge: string | ((trx: Knex.Transaction, jobId: number) => Promise<MergeCounts>);
}

export interface MergeCounts {
  inserted: number;
  updated: number;
}

export interface SetCheck {
  field: string;
  reason: string;
  rejectWhere: string;
}

/** The key columns of a mapping as a list. */
export function keyColumns(mapping: Pick<ImportMapping, 'key'>): readonly string[] {
  return typeof mapping.key === 'string' ? [mapping.key] : mapping.key;
}

/** The last line of a merge: counts the rows its `changed` CTE returned `(xmax = 0) AS inserted`. */
export const COUNT_CHANGED = `SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
    count(*) FILTER (WHERE NOT inserted)::int AS updated FROM changed`;

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * The merge of a plain table: insert new keys, update a known key only where a compared column
 * differs (so the same file twice writes nothing, and triggers see no change). `key` must be the
 * table's primary key or a unique constraint; `fixed` columns take an SQL value on insert (the
 * kind of row a file holds) and are never updated.
 */
export function upsertStatement(options: {
  table: string;
  stagingTable: string;
  columns: string[];
  key: string | readonly string[];
  fixed?: Record<string, string>;
}): string {
  const { table, stagingTable, columns, fixed = {} } = options;
  const key = keyColumns(options);
  const compared = columns.filter((c) => !key.includes(c));
  const list = quoted([...columns, ...Object.keys(fixed)]);
  const values = [...columns.map((c) => `"${c}"`), ...Object.values(fixed)].join(', ');
  return `WITH changed AS (
      INSERT INTO ${table} AS t (${list})
      SELECT ${values} FROM ${stagingTable} WHERE job_id = :job ORDER BY ${quoted(key)}
      ON CONFLICT (${quoted(key)}) DO UPDATE SET ${compared.map((c) => `"${c}" = excluded."${c}"`).join(', ')}
      WHERE (${compared.map((c) => `t."${c}"`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `excluded."${c}"`).join(', ')})
      RETURNING (xmax = 0) AS inserted)
    ${COUNT_CHANGED}`;
}
