import http from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  DEVELOPMENT_INTERNAL_SECRET,
  DEVELOPMENT_JWT_SECRET,
  parseConfig,
  portSchema,
} from '@cityhub/kit';
import { z } from 'zod';
import { IDENTITY_HEADER, identitySigner } from './hub-credentials.js';

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
    HUB_INTERNAL_SECRET: z.string().default(DEVELOPMENT_INTERNAL_SECRET),
  }),
);

/** The little of @graphql-hive/gateway-runtime used here; its types live outside the workspace. */
interface HiveRuntimeModule {
  createGatewayRuntime(
    options: Record<string, unknown>,
  ): http.RequestListener & { dispose(): Promise<void> | void };
}
interface FetchPayload {
  options: { headers?: Record<string, string> };
  setOptions(options: FetchPayload['options']): void;
  context?: { request?: Request; params?: { operationName?: string | null } };
}

const { createGatewayRuntime } = (await import(
  pathToFileURL(config.HIVE_RUNTIME_ENTRY).href
)) as HiveRuntimeModule;
const signIdentityOf = identitySigner(config.JWT_SECRET, config.HUB_INTERNAL_SECRET);

const gateway = createGatewayRuntime({
  supergraph: config.SUPERGRAPH_FILE,
  logging: 'warn',
  // Same surface as ours: no landing page or GraphiQL on the hot path, unexpected errors masked.
  landingPage: false,
  graphiql: false,
  maskedErrors: true,
  healthCheckEndpoint: '/health',
  plugins: () => [
    {
      // The subgraphs accept only callers a gateway verified and signed; do the same work ours does.
      async onFetch({ options, setOptions, context }: FetchPayload) {
        const request = context?.request;
        const identity = await signIdentityOf(
          request?.headers.get('authorization') ?? null,
          request?.headers.get('x-purpose') ?? null,
          context?.params?.operationName ?? null,
        );
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
