import type { Knex } from 'knex';

/**
 * Rows cross the repository boundary as camelCase records: PostgreSQL names columns in snake_case,
 * the code reads `reportedOn`. A store names the record type of each query and maps its rows once,
 * here, so that nothing above it sees a column name or casts a row.
 */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** A record type with its field names as columns: `{ reportedOn: string }` → `{ reported_on: string }`. */
export type Snaked<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };

const camelName = (name: string) =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const snakeName = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function renameKeys(row: object, rename: (name: string) => string): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) renamed[rename(name)] = value;
  return renamed;
}

/** One row read from the database as the store's record type: only top-level names change. */
export function recordOf<T extends object>(row: Snaked<T>): T {
  return renameKeys(row, camelName) as T;
}

/** Every row of a query as records: `recordsOf<DbRunRow>(db('runs').select('*'))`. */
export async function recordsOf<T extends object>(
  rows: PromiseLike<Array<Snaked<T>>>,
): Promise<T[]> {
  return (await rows).map((row) => recordOf<T>(row));
}

/** The rows whose `column` is one of `keys` (a loader's batch) as records; the caller labels the query. */
export function recordsWhereIn<T extends object>(
  query: Knex.QueryBuilder,
  column: string,
  keys: readonly (string | number)[],
): Promise<T[]> {
  return recordsOf<T>(query.select('*').whereIn(column, keys));
}

/** The first row of a query as a record, or null. */
export async function firstRecordOf<T extends object>(
  rows: PromiseLike<Array<Snaked<T>>>,
): Promise<T | null> {
  const [row] = await rows;
  return row ? recordOf<T>(row) : null;
}

/** A record as the columns of an insert or an update. */
export function columnsOf<T extends object>(record: T): Snaked<T> {
  return renameKeys(record, snakeName) as Snaked<T>;
}

/** The total of a `count({ total: '*' })` query: the pg parsers already made the bigint a number. */
export async function totalOf(rows: PromiseLike<Array<{ total?: unknown }>>): Promise<number> {
  const [row] = await rows;
  return typeof row?.total === 'number' ? row.total : 0;
}
