import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * Requests per minute per caller. With REDIS_URL the counts live in Redis, so that several gateway
 * replicas share them; otherwise in this process's memory.
 */
export class CallerRateLimiter {
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  private readonly redis: Redis | null;

  constructor(redisUrl?: string) {
    this.redis = redisUrl
      ? new Redis(redisUrl, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          lazyConnect: false,
        })
      : null;
  }

  /** Counts one request; throws a 429 with Retry-After when the caller is over its limit. */
  async consume(callerKey: string, perMinute: number): Promise<void> {
    try {
      await this.limiterFor(perMinute).consume(callerKey);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw tooManyRequests(perMinute, rejection.msBeforeNext);
    }
  }

  /** Throws a 429 when `key` has used up its allowance, without counting this request. */
  async refuseIfExhausted(key: string, perMinute: number): Promise<void> {
    const state = await this.limiterFor(perMinute).get(key);
    if (state && state.consumedPoints >= perMinute)
      throw tooManyRequests(perMinute, state.msBeforeNext);
  }

  /** Counts one event against `key` (a failed credential) without refusing this request. */
  async count(key: string, perMinute: number): Promise<void> {
    try {
      await this.limiterFor(perMinute).consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      const options = { points, duration: 60, keyPrefix: `cityhub-rate-${points}` };
      // If Redis is unreachable, fall back to counting in memory rather than refusing everyone.
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

function tooManyRequests(perMinute: number, msBeforeNext: number): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new GraphQLError(
    `Too many requests: the limit is ${perMinute} a minute. Retry in ${retryAfter} s.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds: retryAfter,
        http: {
          status: 429,
          headers: new HeaderMap([['retry-after', String(retryAfter)]]) as never,
        },
      },
    },
  );
}
