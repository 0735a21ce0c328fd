import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';

/** One cached answer, as it was sent. */
export interface CachedAnswer {
  /** The answer's JSON (`data`, no errors). */
  body: string;
  /** Strong ETag of `body`. */
  etag: string;
  /** The versions of the tags (the subgraphs it read) when its computation started. */
  versions: Record<string, number>;
  /**
   * The answer itself, parsed, where the store keeps objects (memory): a hit then costs one
   * serialisation instead of three passes over the text. Never written to a shared store.
   */
  result?: { data?: unknown };
  /** The text as sent for a hit, made once (see response-cache-plugin.ts). Never stored either. */
  sent?: string;
}

export interface CacheLookup {
  entry: CachedAnswer | null;
  versions: Record<string, number> | null;
}

/**
 * Where answers are kept. Invalidation does not delete entries: it bumps the version of a tag, and
 * an entry computed against an older version of any tag it read is stale. A computation that was
 * under way while the data changed is therefore never stored as fresh.
 */
export interface ResponseCacheStore {
  readonly kind: 'memory' | 'redis';
  /**
   * The entry under `key` (null when absent), and the tags' current versions; both null when the
   * store cannot be reached, and then nothing is saved either.
   */
  lookup(key: string): Promise<CacheLookup>;
  save(key: string, entry: CachedAnswer, ttlSeconds: number): Promise<void>;
  /** Makes every entry that read one of `tags` stale, on every replica that shares the store. */
  invalidate(tags: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Whether `entry` was computed against the current version of every tag it read. */
export function isFresh(entry: CachedAnswer, versions: Record<string, number>): boolean {
  return Object.entries(entry.versions).every(([tag, version]) => (versions[tag] ?? 0) === version);
}

/** This process's memory, bounded in size (least recently used answers go first). */
export class MemoryCacheStore implements ResponseCacheStore {
  readonly kind = 'memory';
  private readonly entries: InMemoryLRUCache<CachedAnswer>;
  private readonly versions = new Map<string, number>();

  constructor(maxBytes: number) {
    // The text and the parsed answer are both kept: count the text twice (a UTF-16 string's bytes).
    this.entries = new InMemoryLRUCache<CachedAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (entry) => entry.body.length * 4 + 256,
    });
  }

  async lookup(key: string): Promise<CacheLookup> {
    return {
      entry: (await this.entries.get(key)) ?? null,
      versions: Object.fromEntries(this.versions),
    };
  }

  async save(key: string, entry: CachedAnswer, ttlSeconds: number): Promise<void> {
    await this.entries.set(key, entry, { ttl: ttlSeconds });
  }

  async invalidate(tags: string[]): Promise<void> {
    for (const tag of tags) this.versions.set(tag, (this.versions.get(tag) ?? 0) + 1);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
