import type http from 'node:http';
import {
  headerValue,
  isDraining,
  sendJson,
  type Database,
  type IdentitySigner,
  type Logger,
  type RouteHandler,
  type ServiceMetrics,
} from '@cityhub/kit';
import type { Agent } from 'undici';
import type { createCallerVerifier } from './access/caller-verifier.js';
import { clientAddress } from './access/client-address.js';
import type { CallerRateLimiter } from './access/rate-limiter.js';
import type { TrustedDocumentStore } from './access/trusted-documents.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { csvExportRoute } from './csv-export.js';
import { eventStreamProxy, eventStreamUrlOf } from './event-stream-proxy.js';
import type { GatewayOptions } from './gateway-options.js';
import { readiness } from './readiness.js';
import { screenRoutes } from './screen-route.js';

export interface GatewayRoutesOptions {
  options: GatewayOptions;
  db: Database | undefined;
  subgraphUrls: Map<string, string>;
  breakers: Map<string, CircuitBreaker>;
  agent: Agent;
  server: () => http.Server;
  port: () => number;
  verifyCaller: Awaited<ReturnType<typeof createCallerVerifier>>;
  rateLimiter: CallerRateLimiter;
  trustedProxies: ReadonlySet<string>;
  identitySigner: IdentitySigner;
  trustedDocuments: TrustedDocumentStore | null;
  apiSchema: RouteHandler;
  exportRoutes: Record<string, RouteHandler> | undefined;
  metrics: ServiceMetrics;
  logger: Logger;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The gateway's GET routes beside GraphQL: health, the event stream, the schema, exports, metrics. */
export function gatewayRoutes(parts: GatewayRoutesOptions): Record<string, RouteHandler> {
  const { options, metrics, trustedDocuments } = parts;
  const ready: RouteHandler = async (_req, res) => {
    const report = await readiness({
      db: parts.db,
      subgraphUrls: parts.subgraphUrls,
      breakers: parts.breakers,
      agent: parts.agent,
      draining: isDraining(parts.server()),
    });
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  };
  return {
    '/health/live': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    '/health/ready': ready,
    // Kept for existing probes: the same as readiness, never 200 while a part is down.
    '/health': ready,
    '/events/stream': eventStreamProxy({
      upstream: eventStreamUrlOf(options.subgraphUrls, options.supergraph),
      verifyCaller: parts.verifyCaller,
      rateLimiter: parts.rateLimiter,
      clientAddress: (req) => clientAddress(req, parts.trustedProxies),
      // Signed for the events subgraph and this request's query string, as every GET is.
      signIdentity: (caller, search) =>
        parts.identitySigner.sign({
          caller,
          operation: 'events-stream',
          audience: 'events',
          body: search,
        }),
      logger: parts.logger,
    }),
    '/schema.graphql': parts.apiSchema,
    ...screenRoutes(),
    ...parts.exportRoutes,
    ...(trustedDocuments && {
      '/export.csv': csvExportRoute({
        documents: trustedDocuments,
        graphqlUrl: () => `http://127.0.0.1:${parts.port()}/graphql`,
      }),
    }),
    '/': (_req, res) => {
      res.writeHead(302, { location: '/graphql' });
      res.end();
    },
    '/metrics': async (req, res) => {
      // Request counts by operation and client behaviour are for the operators' scraper only.
      const allowed = options.metricsToken
        ? headerValue(req.headers.authorization) === `Bearer ${options.metricsToken}`
        : isLoopback(req.socket.remoteAddress);
      if (!allowed) return sendJson(res, 403, { status: 'forbidden' });
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    },
  };
}
