import type { Knex } from 'knex';

// What the stores' list and count statements share.

/** How many rows a filtered query matches: a list's `totalCount`, in one labelled statement. */
export async function rowCount(query: Knex.QueryBuilder, label: string): Promise<number> {
  const row = await query.comment(label).count({ total: '*' }).first();
  // The kit's INT8 type parser has already made the bigint count a number.
  return (row?.total as number | undefined) ?? 0;
}

/** A knex modifier (`query.modify(inWindow(…))`): rows whose `column` falls in [from, to). */
export function inWindow(column: string, from: Date, to: Date) {
  return (query: Knex.QueryBuilder) => query.where(column, '>=', from).where(column, '<', to);
}

/** A LIKE pattern for text that starts with `prefix`, taken literally (`%` and `_` are no wildcards). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
