import type { ApolloGateway } from '@apollo/gateway';
import type { RouteHandler } from '@cityhub/kit';
import { apiSchemaOf } from '@cityhub/schema';
import { sendAsset, staticAsset, type StaticAsset } from './static-asset.js';

/**
 * GET /schema.graphql: the client-facing schema of the supergraph the gateway runs now (the same
 * text as schema/api-schema.graphql), for integrators' code generators. Follows supergraph reloads.
 */
export function apiSchemaRoute(gateway: ApolloGateway): RouteHandler {
  let asset: Promise<StaticAsset> | null = null;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    asset = staticAsset(
      apiSchemaOf(coreSupergraphSdl),
      'application/graphql; charset=utf-8',
      'public, max-age=60',
    );
  });
  return async (req, res) => {
    if (!asset) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      return void res.end('The schema is not loaded yet.\n');
    }
    sendAsset(req, res, await asset);
  };
}
