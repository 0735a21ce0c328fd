import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import {
  HeaderMap,
  type ApolloServer,
  type BaseContext,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import { limitedErrorLog, type LimitedLog } from './log-limiter.js';
import type { Logger } from './logger.js';
import { withRequestSpan } from './tracing.js';

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
 * Timeouts for a service that anyone on the network can reach: a client has 10 s to send its
 * headers and 15 s for the whole request (Node's default is 300 s, which lets a client that
 * declares a big body and sends a few bytes hold a socket for five minutes).
 */
export const HTTP_TIMEOUTS = {
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 65_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would add up to 30 s). */
  checkIntervalMs: 1_000,
  /** How long a shutdown waits for requests in flight before it cuts them. */
  drainMs: 10_000,
};

// How long an answered keep-alive connection must stay quiet before a drain closes it.
const QUIET_MS = 250;

interface DrainState {
  draining: boolean;
  inFlight: Set<http.ServerResponse>;
  /** Open connections, and whether each has answered a request and has none in progress. */
  connections: Map<Socket, { answered: boolean; busy: boolean; idleSince: number }>;
}

const drainStates = new WeakMap<http.Server, DrainState>();

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

/** Whether the server is draining for a shutdown: readiness then says so, so that traffic moves away. */
export function isDraining(server: http.Server): boolean {
  return drainStates.get(server)?.draining ?? false;
}

/**
 * The URL of a request target. The origin form (`/path?query`) is read as a path even when it
 * starts with `//`, which URL would take for a host; an unparseable target is null, never a throw.
 */
export function requestTarget(target: string): URL | null {
  try {
    return target.startsWith('/')
      ? new URL(`http://hub.invalid${target}`)
      : new URL(target, 'http://hub.invalid');
  } catch {
    return null;
  }
}

async function handleGraphQL<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  maxBodyBytes: number,
  logError: LimitedLog,
): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, maxBodyBytes);
      if (text === null) return refuseOversizedBody(req, res, maxBodyBytes);
      if ((headers.get('content-type') ?? '').includes('json') && text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(res, 400, {
            errors: [
              { message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
            ],
          });
        }
      } else {
        body = text;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method ?? 'GET',
      headers,
      search: url.search,
      body,
    };
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (error) {
    // A client that hangs up mid-body is its own business, not an error of the service.
    if (error instanceof ClientGoneError) return void res.destroy();
    logError({ err: error }, 'HTTP request failed');
    if (!res.headersSent)
      sendJson(res, 500, {
        errors: [
          { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
    else res.end();
  }
}

class ClientGoneError extends Error {}

/**
 * The request body, or null as soon as it passes `limit` (declared or sent): the rest is never
 * read, so a client cannot make the service buffer more than the limit.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => reject(new ClientGoneError()));
    req.once('close', () => {
      if (!req.complete) reject(new ClientGoneError());
    });
  });
}

/** 413, and the connection closed: the unread rest of the body must not be taken for a request. */
function refuseOversizedBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  maxBodyBytes: number,
): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
  sendJson(res, 413, {
    errors: [
      {
        message: `Request body exceeds ${maxBodyBytes} bytes.`,
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      },
    ],
  });
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

function prefersHtml(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export async function listen(server: http.Server, port: number, host = '0.0.0.0'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Drains and closes the server: stops accepting, lets requests in flight finish (up to `drainMs`),
 * answers them with `connection: close` so that no client sends another on the same socket, and
 * closes idle keep-alive sockets as they become idle.
 */
export async function closeServer(
  server: http.Server,
  drainMs = HTTP_TIMEOUTS.drainMs,
): Promise<void> {
  const state = drainStates.get(server);
  if (state) {
    state.draining = true;
    for (const res of state.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }
  // Only connections answered and quiet for a moment are closed: a connection just accepted, or
  // just answered, may carry a request on its way, which http.Server#close() would cut (it calls
  // closeIdleConnections(), for which such a connection is idle), so the listener is closed as a
  // plain net.Server. The request on its way is answered with `connection: close`.
  const closed = new Promise<void>((resolve) =>
    net.Server.prototype.close.call(server, () => resolve()),
  );
  const closeAnswered = () => {
    for (const [socket, connection] of state?.connections ?? [])
      if (connection.answered && !connection.busy && Date.now() - connection.idleSince > QUIET_MS)
        socket.destroy();
  };
  const idleSweep = setInterval(closeAnswered, 50);
  const forced = setTimeout(() => server.closeAllConnections(), drainMs);
  await closed;
  clearInterval(idleSweep);
  clearTimeout(forced);
  // Every connection is gone: http's own close() now only stops its timeout checks.
  server.close(() => {});
}

/** The first value of a request header (node gives repeated headers as an array). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
