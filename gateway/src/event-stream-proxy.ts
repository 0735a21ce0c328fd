import type http from 'node:http';
import { Readable } from 'node:stream';
import { GraphQLError } from 'graphql';
import {
  IDENTITY_HEADER,
  headerValue,
  sendJson,
  type Caller,
  type Logger,
  type RouteHandler,
} from '@cityhub/kit';
import type { VerifiedCaller } from './access/caller-verifier.js';
import type { CallerRateLimiter } from './access/rate-limiter.js';

/** The events subgraph's stream, found from its GraphQL URL (the supergraph's or `EVENTS_URL`). */
export function eventStreamUrlOf(
  subgraphUrls: Map<string, string> | undefined,
  supergraph: unknown,
): string | null {
  const graphqlUrl =
    subgraphUrls?.get('events') ??
    (typeof supergraph === 'string'
      ? /@join__graph\(name: "events", url: "([^"]+)"\)/.exec(supergraph)?.[1]
      : undefined);
  return graphqlUrl ? graphqlUrl.replace(/\/graphql$/, '/events/stream') : null;
}

/**
 * `GET /events/stream`: Server-Sent Events, authenticated and rate-limited like /graphql, then
 * passed through to the events subgraph with the caller's signed identity; the subgraph filters
 * by the caller's rights and resumes from `Last-Event-ID`.
 */
export function eventStreamProxy(options: {
  upstream: string | null;
  verifyCaller: (headers: {
    authorization?: string;
    apiKey?: string;
    purpose?: string;
    purposeNote?: string;
  }) => Promise<VerifiedCaller>;
  rateLimiter: CallerRateLimiter;
  clientAddress(req: http.IncomingMessage): string;
  signIdentity(caller: Caller, search: string): Promise<string>;
  logger: Logger;
}): RouteHandler {
  return async (req, res) => {
    if (!options.upstream)
      return sendJson(res, 404, {
        errors: [
          { message: 'No events subgraph is configured.', extensions: { code: 'NOT_FOUND' } },
        ],
      });
    let caller;
    try {
      const verified = await options.verifyCaller({
        authorization: headerValue(req.headers.authorization),
        apiKey: headerValue(req.headers['x-api-key']),
        purpose: headerValue(req.headers['x-purpose']),
        purposeNote: headerValue(req.headers['x-purpose-note']),
      });
      caller = verified.caller;
      await options.rateLimiter.consume(
        caller.kind === 'anonymous'
          ? `ip:${options.clientAddress(req)}`
          : `${caller.kind}:${caller.id}`,
        verified.requestsPerMinute,
      );
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 401;
      return sendJson(res, status, {
        errors: [{ message: error.message, extensions: { code: error.extensions.code } }],
      });
    }
    const aborted = new AbortController();
    // The response's close, not the request's: a GET request 'closes' as soon as it is read.
    res.on('close', () => aborted.abort());
    const lastEventId = headerValue(req.headers['last-event-id']);
    const search = new URL(req.url ?? '/', 'http://hub.invalid').search;
    try {
      const upstream = await fetch(`${options.upstream}${search}`, {
        headers: {
          accept: 'text/event-stream',
          [IDENTITY_HEADER]: await options.signIdentity(caller, search),
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: aborted.signal,
      });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      if (!upstream.body) return void res.end();
      const body = Readable.fromWeb(upstream.body as never);
      body.on('error', () => res.end());
      body.pipe(res);
    } catch (error) {
      if (aborted.signal.aborted) return;
      options.logger.warn({ err: error }, 'events subgraph unavailable for the stream');
      if (!res.headersSent)
        sendJson(res, 502, {
          errors: [
            {
              message: 'The event stream is unavailable.',
              extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
            },
          ],
        });
      else res.end();
    }
  };
}
