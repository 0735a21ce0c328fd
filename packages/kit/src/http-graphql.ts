import type http from 'node:http';
import { HeaderMap, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { sendJson } from './http-answers.js';
import type { HttpServerOptions } from './http-server.js';
import type { LimitedLog } from './log-limiter.js';

/** Runs one GraphQL request through Apollo: its headers, its body (JSON within the limit), its answer. */
export async function handleGraphQL<TContext extends BaseContext>(
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
