import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HeaderMap,
  type ApolloServer,
  type BaseContext,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import type { Logger } from './logger.js';

export type RouteHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void | Promise<void>;

export interface HttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: http.IncomingMessage) => Promise<TContext>;
  logger: Logger;
  graphqlPath?: string;
  /** Extra GET routes such as /health and /metrics. */
  routes?: Record<string, RouteHandler>;
  /** Answers GET on the GraphQL path from a browser (an explorer page) instead of running a query. */
  browserPage?: RouteHandler;
  maxBodyBytes?: number;
  /** Browser origins allowed to call (CORS); none when empty. */
  corsOrigins?: string[];
}

const CORS_HEADERS =
  'content-type, authorization, x-api-key, x-purpose, apollo-require-preflight, x-apollo-operation-name';

/**
 * A plain node:http front for Apollo Server: JSON bodies, GET queries, health and metrics routes.
 * Written here rather than through express because it is the hot path of the health-code gate,
 * and it is the same for the gateway and all subgraphs.
 */
export function createHttpServer<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
): http.Server {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
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
    const route = options.routes?.[url.pathname];
    if (route && (req.method === 'GET' || req.method === 'HEAD'))
      return void runRoute(route, req, res, options.logger);
    if (url.pathname !== graphqlPath)
      return void sendJson(res, 404, {
        errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
      });
    if (req.method === 'GET' && options.browserPage && !url.search && prefersHtml(req))
      return void runRoute(options.browserPage, req, res, options.logger);
    void handleGraphQL(options, req, res, url, maxBodyBytes);
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handleGraphQL<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  maxBodyBytes: number,
): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, maxBodyBytes);
      if (text === null)
        return sendJson(res, 413, {
          errors: [
            {
              message: `Request body exceeds ${maxBodyBytes} bytes.`,
              extensions: { code: 'PAYLOAD_TOO_LARGE' },
            },
          ],
        });
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
    options.logger.error({ err: error }, 'HTTP request failed');
    if (!res.headersSent)
      sendJson(res, 500, {
        errors: [
          { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
    else res.end();
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function runRoute(
  route: RouteHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  logger: Logger,
): Promise<void> {
  try {
    await route(req, res);
  } catch (error) {
    logger.error({ err: error, path: req.url }, 'route failed');
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

/** Closes the server: stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export async function closeServer(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const forced = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearTimeout(forced);
}

/** The first value of a request header (node gives repeated headers as an array). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
