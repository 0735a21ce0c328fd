import type DataLoader from 'dataloader';
import { groupBy, objectKeyedLoader, pushTo } from './loaders.js';

/**
 * Loaders for keys that carry arguments beside the code (a community on a date, a street with a
 * level): keys are grouped by their arguments, each group is one statement, and rows are stitched
 * back by arguments and code, so that results keep the order of the keys.
 */
export interface ArgumentBatch<K, R> {
  /** The key's arguments as text: keys with the same are fetched together. */
  argumentsOf: (key: K) => string;
  codeOf: (key: K) => string;
  /** One statement for keys that share their arguments. */
  fetch: (keys: K[]) => Promise<R[]>;
  /** The code a row answers. */
  rowCodeOf: (row: R) => string;
}

async function fetchByArguments<K, R>(
  keys: readonly K[],
  batch: ArgumentBatch<K, R>,
): Promise<Map<string, R[]>> {
  const found = new Map<string, R[]>();
  for (const [args, group] of groupBy(keys, batch.argumentsOf))
    for (const row of await batch.fetch(group))
      pushTo(found, `${args}|${batch.rowCodeOf(row)}`, row);
  return found;
}

const keyText = <K, R>(key: K, batch: ArgumentBatch<K, R>) =>
  `${batch.argumentsOf(key)}|${batch.codeOf(key)}`;

/** One row per key, null when there is none. */
export function rowLoaderByBatch<K extends object, R>(
  batch: ArgumentBatch<K, R>,
): DataLoader<K, R | null, string> {
  return objectKeyedLoader<K, R | null>(async (keys) => {
    const found = await fetchByArguments(keys, batch);
    return keys.map((key) => found.get(keyText(key, batch))?.[0] ?? null);
  });
}

/** Every row of each key, [] when there are none. */
export function groupLoaderByBatch<K extends object, R>(
  batch: ArgumentBatch<K, R>,
): DataLoader<K, R[], string> {
  return objectKeyedLoader<K, R[]>(async (keys) => {
    const found = await fetchByArguments(keys, batch);
    return keys.map((key) => found.get(keyText(key, batch)) ?? []);
  });
}
