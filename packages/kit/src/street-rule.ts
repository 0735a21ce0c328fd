import type { Knex } from 'knex';

/**
 * The street rule for rows, in SQL: a street-local caller (its `streets`) sees the rows of its
 * streets only; a caller not limited to streets (null) sees all. Written once so that every list
 * applies it the same way.
 */
export function withinStreets<Q extends Knex.QueryBuilder>(
  query: Q,
  streets: readonly string[] | null,
  column = 'street_code',
): Q {
  if (streets) query.whereIn(column, streets);
  return query;
}
