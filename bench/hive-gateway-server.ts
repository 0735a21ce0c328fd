import http from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  DEVELOPMENT_JWT_SECRET,
  parseConfig,
  parseIdentityPrivateKey,
  portSchema,
} from '@cityhub/kit';
import { z } from 'zod';
import { IDENTITY_HEADER, identitySigner } from './hub-credentials.js';
import { RESPONSE_CACHED_OPERATIONS } from './workloads.js';

/**
 * Hive Gateway serving the hub's supergraph, as a process of its own like our gateway: the peer of
 * the benchmark and of the differential test. Started by bench/gateway-process.ts.
 */
const config = parseConfig(
  z.object({
    PORT: portSchema,
    SUPERGRAPH_FILE: z.string(),
    HIVE_RUNTIME_ENTRY: z.string(),
    JWT_SECRET: z.string().default(DEVELOPMENT_JWT_SECRET),
    HUB_IDENTITY_PRIVATE_KEY: z.string(),
    /** Subgraph names by URL: the audience each subgraph call is signed for. */
    SUBGRAPH_NAMES: z.string().transform((json) => new Map(Object.entries(JSON.parse(json)))),
    /** Keep verified tokens for up to a minute, as our gateway does (0: verify on every fetch). */
    HIVE_TOKEN_CACHE: z.enum(['0', '1']).default('1'),
  }),
);

/** The little of @graphql-hive/gateway-runtime used here; its types live outside the workspace. */
interface HiveRuntimeModule {
  createGatewayRuntime(
    options: Record<string, unknown>,
  ): http.RequestListener & { dispose(): Promise<void> | void };
}
interface FetchPayload {
  url: string;
  options: { headers?: Record<string, string>; body?: unknown };
  setOptions(options: FetchPayload['options']): void;
  context?: { request?: Request; params?: { operationName?: string | null } };
}

const { createGatewayRuntime } = (await import(
  pathToFileURL(config.HIVE_RUNTIME_ENTRY).href
)) as HiveRuntimeModule;
// The runtime wants a cache instance for its response cache (its CLI would make this one itself).
const { default: InMemoryLRUCache } = (await import(
  pathToFileURL(
    config.HIVE_RUNTIME_ENTRY.replace(
      '@graphql-hive/gateway-runtime/dist/index.js',
      '@graphql-mesh/cache-inmemory-lru/esm/index.js',
    ),
  ).href
)) as { default: new (options?: { max?: number }) => unknown };
const signIdentityOf = identitySigner(
  config.JWT_SECRET,
  parseIdentityPrivateKey(config.HUB_IDENTITY_PRIVATE_KEY),
  config.HIVE_TOKEN_CACHE === '1',
);

const gateway = createGatewayRuntime({
  supergraph: config.SUPERGRAPH_FILE,
  logging: 'warn',
  // Same surface as ours: no landing page or GraphiQL on the hot path, unexpected errors masked.
  landingPage: false,
  graphiql: false,
  maskedErrors: true,
  healthCheckEndpoint: '/health',
  // Its response cache plugin, as ours: 30 s, one entry set per caller (its token), and only for
  // the bench's cached workloads without a stated purpose (see RESPONSE_CACHED_OPERATIONS).
  cache: new InMemoryLRUCache({ max: 10_000 }),
  responseCaching: {
    ttl: 30_000,
    session: (request: Request) => request.headers.get('authorization'),
    enabled: (request: Request, context: { params?: { operationName?: string | null } }) =>
      !request.headers.get('x-purpose') &&
      RESPONSE_CACHED_OPERATIONS.has(context.params?.operationName ?? ''),
  },
  plugins: () => [
    {
      // The subgraphs accept only callers a gateway verified and signed; do the same work ours does.
      async onFetch({ url, options, setOptions, context }: FetchPayload) {
        const request = context?.request;
        const identity = await signIdentityOf({
          authorization: request?.headers.get('authorization') ?? null,
          purpose: request?.headers.get('x-purpose') ?? null,
          operation: context?.params?.operationName ?? null,
          subgraph: String(config.SUBGRAPH_NAMES.get(url) ?? ''),
          body: typeof options.body === 'string' ? options.body : '',
        });
        setOptions({ ...options, headers: { ...options.headers, [IDENTITY_HEADER]: identity } });
      },
    },
  ],
});

const server = http.createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(config.PORT, '127.0.0.1');
const stop = async () => {
  server.close();
  server.closeIdleConnections();
  await gateway.dispose();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
