import type { Knex } from 'knex';
import type { Page } from './connection.js';

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

/** How the first part of a "value/id" keyset is cast in SQL. */
export type KeysetCast = 'date' | 'numeric' | 'timestamptz' | 'text';

/**
 * One page of a list ranked by a column, largest first, ties broken by id: the rows after the
 * "value/id" key of the last row seen (a cursor of pageWithCursor), one more than the page holds
 * so that connectionFrom knows whether another page follows without a second query.
 */
export function descendingPage<Q extends Knex.QueryBuilder>(
  query: Q,
  column: string,
  cast: KeysetCast,
  page: Page,
): Q {
  if (page.afterKey) {
    const [value = '', id = ''] = page.afterKey.split('/');
    query.whereRaw(`(??, id) < (?::${cast}, ?::bigint)`, [column, value, id]);
  }
  // The builder is changed in place, so the caller's query type is kept.
  query
    .orderBy([
      { column, order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit + 1);
  return query;
}

/** A LIKE pattern for text that starts with `prefix`, taken literally (`%` and `_` are no wildcards). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
