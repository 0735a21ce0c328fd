export * from './access/api-key-store.js';
export * from './access/key-usage.js';
export * from './access/trusted-documents.js';
export * from './config.js';
export * from './gateway-server.js';
export * from './migrations/index.js';
export * from './supergraph-file.js';
export { CACHE_STATUS_HEADER } from './response-cache/response-cache-plugin.js';
export {
  DEFAULT_RESPONSE_CACHE,
  type ResponseCacheSettings,
} from './response-cache/response-cache.js';
