import DataLoader from 'dataloader';
import { groupBy, objectKeyedLoader, pushTo } from './loaders.js';

type ParentKey = string | number;

/**
 * A loader whose keys name a parent (`parentField`) and the arguments it was asked with (a window,
 * a page, a date, a status): keys with the same arguments share one statement, `fetch(parents,
 * args)` (an `= ANY` or a lateral join over the parents), whatever their number, and each key gets
 * its parent's rows back, folded by `fold` ([] when it has none), in the order of the keys.
 */
export function loaderByArguments<F extends string, K extends { [field in F]: ParentKey }, R, V>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
  fold: (rows: R[]) => V,
): DataLoader<K, V, string> {
  const argumentsOf = (key: K) => JSON.stringify({ ...key, [parentField]: null });
  return objectKeyedLoader<K, V>(async (keys) => {
    const rowsByKey = new Map<string, R[]>();
    for (const [args, group] of groupBy(keys, argumentsOf)) {
      const rows = await fetch(
        group.map((key) => key[parentField]),
        group[0]!,
      );
      for (const row of rows) pushTo(rowsByKey, `${args}|${String(parentOf(row))}`, row);
    }
    return keys.map((key) =>
      fold(rowsByKey.get(`${argumentsOf(key)}|${String(key[parentField])}`) ?? []),
    );
  });
}

/** loaderByArguments for one-to-many: every key gets its list of rows. */
export function groupLoaderByArguments<F extends string, K extends { [field in F]: ParentKey }, R>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
): DataLoader<K, R[], string> {
  return loaderByArguments(parentField, fetch, parentOf, (rows) => rows);
}

/** loaderByArguments for one-to-one: every key gets its row, null when it has none. */
export function rowLoaderByArguments<F extends string, K extends { [field in F]: ParentKey }, R>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
): DataLoader<K, R | null, string> {
  return loaderByArguments(parentField, fetch, parentOf, (rows) => rows[0] ?? null);
}

/** A count per parent and arguments, from rows carrying `total`; 0 for a parent without a row. */
export function countLoaderByArguments<
  F extends string,
  K extends { [field in F]: ParentKey },
  R extends { total: number },
>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
): DataLoader<K, number, string> {
  return loaderByArguments(parentField, fetch, parentOf, (rows) => rows[0]?.total ?? 0);
}

/** Like rowLoader, with a row of its own (all counts 0, say) for a key that has none. */
export function rowLoaderOr<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
  emptyOf: (key: K) => R,
): DataLoader<K, R> {
  return new DataLoader<K, R>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? emptyOf(key));
  });
}
