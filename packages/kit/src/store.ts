import type { Knex } from 'knex';

/**
 * A department's store: the only place that speaks SQL about its tables. Built over the pool for
 * reads; `in(trx)` is the same store inside a transaction that a manager started, so that a store
 * never starts one itself and every write of a change commits or rolls back together.
 */
export abstract class Store {
  constructor(protected readonly db: Knex) {}

  in(trx: Knex.Transaction): this {
    const Same = this.constructor as new (db: Knex) => this;
    return new Same(trx);
  }
}

/** `registered_at` → `registeredAt`, as a type. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** A row as PostgreSQL returns it (snake_case columns) as the camelCase record the code reads. */
export type CamelCased<Row> = {
  [Column in keyof Row as Column extends string ? CamelCase<Column> : Column]: Row[Column];
};

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Parses a row at the store's edge into its typed camelCase record, so that managers and resolvers
 * never see column names (and no `as unknown as` cast stands between SQL and the types).
 */
export function camelCased<Row extends object>(row: Row): CamelCased<Row> {
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) record[camelCase(column)] = value;
  return record as CamelCased<Row>;
}

/** The rows of a query (any thenable knex builder or raw call), parsed into camelCase records. */
export async function camelRows<Row extends object>(
  rows: PromiseLike<Row[]>,
): Promise<Array<CamelCased<Row>>> {
  return (await rows).map(camelCased);
}

/** A camelCase record as the columns of an insert or update. */
export function snakeCased(record: object): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record))
    columns[field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value;
  return columns;
}
