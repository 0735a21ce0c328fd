import { hostname } from 'node:os';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EventBusSettings, Logger } from '@cityhub/kit';
import type { Registry } from 'prom-client';
import type { GatewayContext } from '../access/gateway-context.js';
import { MemoryCacheStore, type ResponseCacheStore } from './cache-store.js';
import { invalidateOnHubEvents } from './event-invalidation.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { responseCachePlugin } from './response-cache-plugin.js';

export { stringifyResult } from './response-cache-plugin.js';

export interface ResponseCacheSettings {
  /** How long an answer is kept (and may be kept by a client); 0 keeps nothing in the gateway. */
  ttlSeconds: number;
  /** Bound of the in-memory store (without REDIS_URL). */
  maxBytes: number;
  /** Prefix of the Redis keys, so that hubs sharing a Redis do not share answers. */
  redisPrefix: string;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheSettings = {
  ttlSeconds: 30,
  maxBytes: 50_000_000,
  redisPrefix: 'cityhub:response-cache:',
};

/** The response cache's store (Redis with REDIS_URL, else memory), plugin and event consumer. */
export async function startResponseCache(options: {
  settings: ResponseCacheSettings;
  redisUrl?: string;
  events?: EventBusSettings;
  /** Tells this replica's durable event consumer apart when the store is its own memory. */
  replicaName: string;
  registry: Registry;
  logger: Logger;
}): Promise<{ plugin: ApolloServerPlugin<GatewayContext>; stop(): Promise<void> }> {
  const { settings, logger } = options;
  let store: ResponseCacheStore | null = null;
  if (settings.ttlSeconds > 0)
    store = options.redisUrl
      ? await RedisCacheStore.open(options.redisUrl, settings.redisPrefix, logger)
      : new MemoryCacheStore(settings.maxBytes);
  const consumerName =
    store?.kind === 'redis'
      ? `gateway-response-cache-${settings.redisPrefix}`
      : `gateway-response-cache-${hostname()}-${options.replicaName}`;
  const events =
    store && options.events
      ? await invalidateOnHubEvents(options.events, store, consumerName, logger)
      : null;
  return {
    plugin: responseCachePlugin({
      store,
      ttlSeconds: settings.ttlSeconds,
      registry: options.registry,
      logger,
    }),
    async stop() {
      await events?.stop();
      await store?.close();
    },
  };
}
