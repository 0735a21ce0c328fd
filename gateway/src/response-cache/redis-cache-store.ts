import type { Logger } from '@cityhub/kit';
import { Redis } from 'ioredis';
import type { CacheLookup, CachedAnswer, ResponseCacheStore } from './cache-store.js';

/**
 * Answers in Redis, shared by every gateway replica: so are the tags' versions (one hash), so an
 * invalidation by any replica reaches all of them at once. Redis being away is a miss, never an
 * error: the answer is computed as if nothing were cached.
 */
export class RedisCacheStore implements ResponseCacheStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly versionsKey: string;

  private constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = redis;
    this.versionsKey = `${prefix}versions`;
  }

  /** Connected before the first request when Redis answers; otherwise it keeps trying meanwhile. */
  static async open(url: string, prefix: string, logger: Logger): Promise<RedisCacheStore> {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    redis.on('error', () => {});
    await redis.connect().catch((error: unknown) => {
      logger.warn({ err: error }, 'response cache: Redis not reachable yet, answering uncached');
    });
    return new RedisCacheStore(redis, prefix, logger);
  }

  async lookup(key: string): Promise<CacheLookup> {
    try {
      const results = await this.redis
        .pipeline()
        .get(this.entryKey(key))
        .hgetall(this.versionsKey)
        .exec();
      const [entryResult, versionsResult] = results ?? [];
      if (entryResult?.[0] || versionsResult?.[0]) throw entryResult?.[0] ?? versionsResult?.[0];
      const stored = entryResult?.[1] as string | null;
      const versions = Object.fromEntries(
        Object.entries((versionsResult?.[1] ?? {}) as Record<string, string>).map(
          ([tag, version]) => [tag, Number(version)],
        ),
      );
      return { entry: stored ? (JSON.parse(stored) as CachedAnswer) : null, versions };
    } catch (error) {
      this.logger.warn({ err: error }, 'response cache: Redis lookup failed, answering uncached');
      return { entry: null, versions: null };
    }
  }

  async save(key: string, entry: CachedAnswer, ttlSeconds: number): Promise<void> {
    try {
      const { body, etag, versions } = entry;
      const stored = JSON.stringify({ body, etag, versions });
      await this.redis.set(this.entryKey(key), stored, 'EX', ttlSeconds);
    } catch (error) {
      this.logger.warn({ err: error }, 'response cache: Redis write failed');
    }
  }

  async invalidate(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const tag of tags) pipeline.hincrby(this.versionsKey, tag, 1);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private entryKey(key: string): string {
    return `${this.prefix}answer:${key}`;
  }
}
