import type { Knex } from 'knex';

/**
 * A department's store: the only place that speaks SQL about its tables. Built over the pool for
 * reads; `in(trx)` is the same store inside a transaction that a manager started, so that a store
 * never starts one itself and every write of a change commits or rolls back together.
 *
 * Rows cross the store's edge as camelCase records: the record type is the interface the code
 * reads (`{ reportedOn: string }`), the row PostgreSQL returns is derived from it (`Snaked<T>`),
 * and the names are mapped here, once, so that nothing above a store sees a column name or casts.
 */
export abstract class Store {
  constructor(protected readonly db: Knex) {}

  in(trx: Knex.Transaction): this {
    const Same = this.constructor as new (db: Knex) => this;
    return new Same(trx);
  }
}

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** A record type with its field names as columns: `{ reportedOn: string }` → `{ reported_on: string }`. */
export type Snaked<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };

/** `street_code` → `streetCode`. */
export const camelCase = (name: string) =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function renameKeys(row: object, rename: (name: string) => string): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) renamed[rename(name)] = value;
  return renamed;
}

/** One row read from the database as the store's record type: only top-level names change. */
export function recordOf<T extends object>(row: Snaked<T>): T {
  return renameKeys(row, camelCase) as T;
}

/** Every row of a query (a knex builder or the rows of a raw call) as records. */
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
  return renameKeys(record, snakeCase) as Snaked<T>;
}

/** The record of a row's named fields only: a row read with more columns (secrets, times) than the record shows. */
export function pickedRecordOf<T extends object>(row: object, fields: ReadonlyArray<keyof T>): T {
  const record = renameKeys(row, camelCase);
  return Object.fromEntries(fields.map((field) => [field, record[field as string]])) as T;
}
