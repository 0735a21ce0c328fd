/**
 * Rows as camelCase records: a store selects its snake_case columns under camelCase aliases, so
 * PostgreSQL returns each row already shaped as the store's row type; no mapping pass, no cast.
 */

/** `street_code` → `streetCode`. */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** A knex select list: `['street_code']` → `{ streetCode: 'street_code' }`, columns of `table` if given. */
export function camelColumns(columns: readonly string[], table?: string): Record<string, string> {
  return Object.fromEntries(
    columns.map((column) => [camelCase(column), table ? `${table}.${column}` : column]),
  );
}

/** The same list as SQL text for a raw statement: `c.street_code AS "streetCode", …`. */
export function camelSelectList(columns: readonly string[], table?: string): string {
  return columns
    .map((column) => `${table ? `${table}.` : ''}${column} AS "${camelCase(column)}"`)
    .join(', ');
}
