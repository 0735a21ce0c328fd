import DataLoader from 'dataloader';

/**
 * A loader whose batch is one query for many keys. Results are mapped back through a Map so that
 * they keep the order of the keys, with null for a key that has no row.
 */
export function rowLoader<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, R>();
    for (const row of rows) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Like rowLoader, for one-to-many: every key gets the list of its rows, [] when it has none. */
export function groupLoader<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, R[]>();
    for (const row of rows) pushTo(byKey, keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/** A loader keyed by an object (for example, a parent and its page arguments), compared by its JSON. */
export function objectKeyedLoader<K extends object, V>(
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(batch, { cacheKeyFn: (key) => JSON.stringify(key) });
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return groups;
}

export function pushTo<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
