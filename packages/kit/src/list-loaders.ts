import DataLoader from 'dataloader';
import { groupBy, objectKeyedLoader, pushTo } from './loaders.js';

type ParentKey = string | number;

/**
 * A list per parent, for keys that carry the parent and the list's arguments (a page, a window, a
 * status): keys with the same arguments share one statement (an `= ANY` or a lateral join over the
 * parents), whatever their number, and each key gets its parent's rows back ([] when none).
 */
export function parentListLoader<F extends string, K extends { [field in F]: ParentKey }, R>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
): DataLoader<K, R[], string> {
  const argsOf = (key: K) => JSON.stringify({ ...key, [parentField]: null });
  return objectKeyedLoader<K, R[]>(async (keys) => {
    const lists = new Map<string, R[]>();
    for (const [args, group] of groupBy(keys, argsOf)) {
      const rows = await fetch(
        group.map((key) => key[parentField]),
        group[0]!,
      );
      for (const row of rows) pushTo(lists, `${args}|${String(parentOf(row))}`, row);
    }
    return keys.map((key) => lists.get(`${argsOf(key)}|${String(key[parentField])}`) ?? []);
  });
}

/** Like parentListLoader, for a count per parent (rows of `{ total }`), 0 for a parent without rows. */
export function parentTotalLoader<
  F extends string,
  K extends { [field in F]: ParentKey },
  R extends { total: number },
>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => ParentKey,
): DataLoader<K, number, string> {
  const lists = parentListLoader(parentField, fetch, parentOf);
  return objectKeyedLoader<K, number>(async (keys) =>
    Promise.all(keys.map(async (key) => (await lists.load(key))[0]?.total ?? 0)),
  );
}

/** Like rowLoader, with a default row (all counts 0) for a key without one. */
export function countsLoader<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
  empty: (key: K) => R,
): DataLoader<K, R> {
  return new DataLoader<K, R>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? empty(key));
  });
}
