import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@cityhub/kit';
import { Counter, type Registry } from 'prom-client';
import type { GatewayContext } from '../access/gateway-context.js';
import { cacheKeyOf } from './cache-key.js';
import { isFresh, type CachedAnswer, type ResponseCacheStore } from './cache-store.js';
import { applyHttpCaching, etagOf } from './http-caching.js';
import { rightsKeyOf } from './rights-key.js';

export interface ResponseCacheOptions {
  /** Null: nothing is kept in the gateway, but GET answers still carry Cache-Control and ETag. */
  store: ResponseCacheStore | null;
  /** How long an answer is kept, and how long a client may keep a GET answer. */
  ttlSeconds: number;
  registry: Registry;
  logger: Logger;
}

/** Header telling whether the answer came from the gateway's cache: `hit` or `miss`. */
export const CACHE_STATUS_HEADER = 'x-cache';

/**
 * The response cache: a query whose every subgraph answer depended on the caller's rights alone
 * (no personal data, nothing of the caller's own; see the kit's answer-scope.ts) is kept for
 * callers with the same rights, until the TTL or until a change to a subgraph it read (a mutation
 * through this gateway, or a hub event). It answers after every check of the request has run
 * (trusted documents, policy, cost), so a hit skips only the subgraphs. Answers with errors, and
 * the requests of callers who state a purpose, are never kept: personal reads are always executed,
 * and so always audited.
 */
export function responseCachePlugin(
  options: ResponseCacheOptions,
): ApolloServerPlugin<GatewayContext> {
  const { store, ttlSeconds, logger } = options;
  const answers = new Counter({
    name: 'cityhub_gateway_response_cache_total',
    help: 'Queries the response cache answered (hit) or passed on (miss).',
    labelNames: ['result'],
    registers: [options.registry],
  });
  return {
    async requestDidStart({ contextValue }) {
      const rights = rightsKeyOf(contextValue.caller);
      let key: string | null = null;
      let versionsAtStart: Record<string, number> | null = null;
      let hit: CachedAnswer | null = null;
      return {
        async responseForOperation({ operation, queryHash, request }) {
          if (!store || rights === null || operation.operation !== 'query' || !queryHash)
            return null;
          key = cacheKeyOf({
            documentHash: queryHash,
            operationName: request.operationName ?? null,
            variables: request.variables,
            rights,
          });
          const { entry, versions } = await store.lookup(key);
          versionsAtStart = versions;
          if (!entry || !versions || !isFresh(entry, versions)) return null;
          hit = entry;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            // A fresh top-level object: plugins may add to it; the data below is never changed.
            body: { kind: 'single', singleResult: { data: readAnswer(entry).data } as never },
          };
        },
        async willSendResponse({ request, response, errors, operation }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const failed = !!errors?.length || !!result.errors?.length;
          const trace = contextValue.answer;
          // A mutation may have changed what any subgraph it reached answers, even when it failed in part.
          if (operation?.operation === 'mutation' && trace.subgraphs.size > 0)
            await store?.invalidate([...trace.subgraphs]).catch((error: unknown) => {
              logger.warn({ err: error }, 'response cache: invalidation after a mutation failed');
            });
          const shared =
            rights !== null &&
            !failed &&
            operation?.operation === 'query' &&
            (hit !== null || trace.sharedByRights);
          let body: string | null = hit?.body ?? null;
          const bodyText = () => (body ??= JSON.stringify(result));
          let etag: string | null = hit?.etag ?? null;
          const etagText = () => (etag ??= etagOf(bodyText()));
          if (key) {
            response.http.headers.set(CACHE_STATUS_HEADER, hit ? 'hit' : 'miss');
            answers.inc({ result: hit ? 'hit' : 'miss' });
            // Kept only as `data` alone, which is how a hit is sent.
            const plain = result.extensions === undefined;
            if (!hit && shared && plain && store && versionsAtStart && ttlSeconds > 0) {
              const versions = Object.fromEntries(
                [...trace.subgraphs].map((tag) => [tag, versionsAtStart![tag] ?? 0]),
              );
              const entry = { body: bodyText(), etag: etagText(), versions, result };
              await store.save(key, entry, ttlSeconds);
            }
          }
          if (request.http?.method !== 'GET' || failed) return;
          const status = applyHttpCaching(response.http.headers, {
            ifNoneMatch: request.http.headers.get('if-none-match'),
            shared,
            anonymous: contextValue.caller.kind === 'anonymous',
            maxAgeSeconds: ttlSeconds,
            etag: etagText,
          });
          if (status) response.http.status = status;
        },
      };
    },
  };
}

/** The answer of a cached entry: kept parsed by the memory store, parsed here from a shared one. */
function readAnswer(entry: CachedAnswer): { data?: unknown } {
  const result = (entry.result ??= JSON.parse(entry.body) as { data?: unknown });
  if (result.data) servedText.set(result.data as object, (entry.sent ??= sendable(entry.body)));
  return result;
}

/** What is sent for each cached answer's `data` object being served, so it is not serialised again. */
const servedText = new WeakMap<object, string>();

/**
 * The body as Apollo sends it (with its newline), made flat once: a string built by concatenation
 * would be copied again on every send, when its UTF-8 length is counted.
 */
function sendable(body: string): string {
  const text = `${body}\n`;
  text.charCodeAt(0); // flattens V8's concatenation into one string
  return text;
}

/**
 * Apollo Server's `stringifyResult`: a hit that nothing added to (no errors, no extensions) is sent
 * as the text kept with it (the answer had only `data` when it was kept); anything else is
 * serialised as Apollo does.
 */
export function stringifyResult(result: {
  data?: unknown;
  errors?: unknown;
  extensions?: unknown;
}): string {
  const kept =
    result.errors === undefined && result.extensions === undefined && result.data
      ? servedText.get(result.data as object)
      : undefined;
  return kept ?? `${JSON.stringify(result)}\n`;
}
