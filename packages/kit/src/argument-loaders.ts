import DataLoader from 'dataloader';
import { groupBy, objectKeyedLoader, pushTo } from './loaders.js';

/**
 * A loader whose keys name a parent (`parentField`) and the arguments it was asked with (a window,
 * a page, a date): keys with the same arguments share one statement, `fetch(parents, args)`, and
 * each key gets its parent's rows back, folded by `fold` ([] when it has none).
 */
export function loaderByArguments<F extends string, K extends Record<F, string | number>, R, V>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => K[F],
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
export function groupLoaderByArguments<F extends string, K extends Record<F, string | number>, R>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => K[F],
): DataLoader<K, R[], string> {
  return loaderByArguments(parentField, fetch, parentOf, (rows) => rows);
}

/** A count per key and arguments, from rows `{ key, total }`; 0 for a key without a row. */
export function countLoaderByArguments<F extends string, K extends Record<F, string | number>>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<Array<{ key: K[F]; total: number }>>,
): DataLoader<K, number, string> {
  return loaderByArguments(
    parentField,
    fetch,
    (row) => row.key,
    (rows) => rows[0]?.total ?? 0,
  );
}

/** Like rowLoader, with a value (zero counts, say) for a key that has no row. */
export function rowLoaderOr<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
  empty: R,
): DataLoader<K, R> {
  return new DataLoader<K, R>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? empty);
  });
}
