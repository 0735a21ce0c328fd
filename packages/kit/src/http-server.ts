import http from 'node:http';
import type { Socket } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { prefersHtml, requestTarget, sendJson } from './http-answers.js';
import { drainStates, HTTP_TIMEOUTS, type DrainState } from './http-drain.js';
import { handleGraphQL } from './http-graphql.js';
import { limitedErrorLog, type LimitedLog } from './log-limiter.js';
import type { Logger } from './logger.js';
import { withRequestSpan } from './tracing.js';

export { headerValue, requestTarget, sendJson } from './http-answers.js';
export { closeServer, HTTP_TIMEOUTS, isDraining, listen } from './http-drain.js';
export { readBody } from './http-graphql.js';

export type RouteHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void | Promise<void>;

export interface HttpServerOptions<TContext extends BaseContext> {
  /** Apollo Server, or what stands in front of it (the gateway's fast path). */
  apollo: Pick<ApolloServer<TContext>, 'executeHTTPGraphQLRequest'>;
  context: (req: http.IncomingMessage) => Promise<TContext>;
  logger: Logger;
  graphqlPath?: string;
  /** Extra GET routes such as /health and /metrics. */
  routes?: Record<string, RouteHandler>;
  /** POST routes that are not GraphQL (e.g. starting an export job); they read their own body. */
  postRoutes?: Record<string, RouteHandler>;
  /** Answers GET on the GraphQL path from a browser (an explorer page) instead of running a query. */
  browserPage?: RouteHandler;
  maxBodyBytes?: number;
  /** Browser origins allowed to call (CORS); none when empty. */
  corsOrigins?: string[];
}

const CORS_HEADERS =
  'content-type, authorization, x-api-key, x-purpose, x-purpose-note, apollo-require-preflight, x-apollo-operation-name';

/**
 * A plain node:http front for Apollo Server: JSON bodies, GET queries, health and metrics routes.
 * Written here rather than through express because it is the hot path of the health-code gate,
 * and it is the same for the gateway and all subgraphs. Nothing a client sends may throw out of
 * it: a service on 0.0.0.0 that exits on a malformed request line is down for everyone.
 */
export function createHttpServer<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
): http.Server {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const logError = limitedErrorLog(options.logger);
  const state: DrainState = { draining: false, inFlight: new Set(), connections: new Map() };
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = requestTarget(req.url ?? '/');
    if (!url)
      return void sendJson(res, 400, {
        errors: [{ message: 'Malformed request target.', extensions: { code: 'BAD_REQUEST' } }],
      });
    const origin = req.headers.origin;
    if (origin && corsOrigins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      // Preflight: only listed origins get the go-ahead.
      if (!origin || !corsOrigins.has(origin))
        return void sendJson(res, 403, {
          errors: [{ message: 'Origin not allowed.', extensions: { code: 'FORBIDDEN' } }],
        });
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': CORS_HEADERS,
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    const routeHandler = options.routes?.[url.pathname];
    if (routeHandler && (req.method === 'GET' || req.method === 'HEAD'))
      return void runRoute(routeHandler, req, res, logError);
    const postHandler = options.postRoutes?.[url.pathname];
    if (postHandler && req.method === 'POST') return void runRoute(postHandler, req, res, logError);
    if (url.pathname !== graphqlPath)
      return void sendJson(res, 404, {
        errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
      });
    if (req.method === 'GET' && options.browserPage && !url.search && prefersHtml(req))
      return void runRoute(options.browserPage, req, res, logError);
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return void sendJson(res, 405, {
        errors: [{ message: 'Use GET or POST.', extensions: { code: 'METHOD_NOT_ALLOWED' } }],
      });
    }
    void handleGraphQL(options, req, res, url, maxBodyBytes, logError);
  };
  const server = http.createServer(
    {
      headersTimeout: HTTP_TIMEOUTS.headersMs,
      requestTimeout: HTTP_TIMEOUTS.requestMs,
      keepAliveTimeout: HTTP_TIMEOUTS.keepAliveMs,
      connectionsCheckingInterval: HTTP_TIMEOUTS.checkIntervalMs,
    },
    (req, res) => {
      state.inFlight.add(res);
      const connection = state.connections.get(req.socket);
      if (connection) connection.busy = true;
      res.once('close', () => {
        state.inFlight.delete(res);
        if (connection)
          Object.assign(connection, { answered: true, busy: false, idleSince: Date.now() });
      });
      // While draining, every answer closes its connection so that no client reuses it.
      if (state.draining) res.setHeader('connection', 'close');
      try {
        withRequestSpan(req, res, () => route(req, res));
      } catch (error) {
        logError({ err: error, target: req.url }, 'request handling threw');
        if (!res.headersSent) sendJson(res, 400, { errors: [{ message: 'Bad request' }] });
        else res.destroy();
      }
    },
  );
  server.on('connection', (socket: Socket) => {
    state.connections.set(socket, { answered: false, busy: false, idleSince: Date.now() });
    socket.once('close', () => state.connections.delete(socket));
  });
  drainStates.set(server, state);
  return server;
}

async function runRoute(
  route: RouteHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  logError: LimitedLog,
): Promise<void> {
  try {
    await route(req, res);
  } catch (error) {
    logError({ err: error, path: req.url }, 'route failed');
    if (!res.headersSent) sendJson(res, 500, { status: 'error' });
  }
}
