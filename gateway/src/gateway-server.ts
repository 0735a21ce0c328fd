import type http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { closeServer, createHttpServer, createServiceMetrics, listen, sendJson, type Logger } from '@cityhub/kit';
import type { GraphQLFormattedError } from 'graphql';
import { Agent } from 'undici';
import { explorerPage } from './explorer-page.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';

export interface GatewayOptions {
  /** Where the supergraph comes from: a watched file, or SDL given directly (tests). */
  supergraph: SupergraphSdlHook | string;
  /** Overrides of the subgraph URLs written in the supergraph, by subgraph name. */
  subgraphUrls?: Map<string, string>;
  port: number;
  host?: string;
  logger: Logger;
  subgraphTimeoutMs?: number;
  /** Headers the explorer page starts with (the demo's development token). */
  explorerHeaders?: Record<string, string>;
}

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: http.Server;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger.child({ component: 'gateway' });
  const metrics = createServiceMetrics('gateway');
  const agent = new Agent({ connections: 128, keepAliveTimeout: 30_000, pipelining: 1 });
  const gateway = new ApolloGateway({
    ...(typeof options.supergraph === 'string' ? { supergraphSdl: options.supergraph } : { supergraphSdl: options.supergraph }),
    logger,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: options.subgraphUrls?.get(name) ?? url,
        fetcher: createSubgraphFetcher({ subgraph: name, agent, timeoutMs: options.subgraphTimeoutMs ?? 10_000 }) as never,
      }),
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted) => publicError(formatted, logger),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const httpServer = createHttpServer({
    apollo,
    logger,
    context: async () => ({}),
    browserPage: explorerPage(options.explorerHeaders),
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/': (_req, res) => {
        res.writeHead(302, { location: '/graphql' });
        res.end();
      },
      '/metrics': async (_req, res) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
  });
  const port = await listen(httpServer, options.port, options.host ?? '0.0.0.0');
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    port,
    httpServer,
    async stop() {
      await closeServer(httpServer);
      await apollo.stop();
      await agent.close();
    },
  };
}

/**
 * What a client may see of an error: its message and code, never a subgraph's raw response, a
 * stack or an internal address. Unexpected errors are logged in full and shown as
 * INTERNAL_SERVER_ERROR.
 */
function publicError(formatted: GraphQLFormattedError, logger: Logger): GraphQLFormattedError {
  const { response: _response, exception: _exception, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (extensions.code === 'INTERNAL_SERVER_ERROR' && formatted.message !== 'Internal server error') {
    logger.error({ error: formatted }, 'unexpected error in the gateway');
    return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { ...formatted, extensions };
}
