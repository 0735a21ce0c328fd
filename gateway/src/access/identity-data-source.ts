import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, signIdentity } from '@cityhub/kit';
import type { GatewayContext } from './gateway-context.js';

const SIGNATURE_REUSE_MS = 10_000;

/**
 * A subgraph data source that passes the verified caller to the subgraph in a signed header. A
 * signature is reused for a few seconds per caller and operation, so that identical queries of the
 * same caller can still share one in-flight subgraph call.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly signatures = new Map<string, { header: string; until: number }>();
  private internalSecret = '';

  withSecret(secret: string): this {
    this.internalSecret = secret;
    return this;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only client operations carry a caller; the gateway's own health checks have none.
    if (!('incomingRequestContext' in options)) return;
    const { request, context, incomingRequestContext } = options;
    const caller = context.caller;
    const operation =
      incomingRequestContext.operationName ?? incomingRequestContext.request.operationName ?? null;
    const cacheKey = JSON.stringify([caller, operation]);
    const now = Date.now();
    let cached = this.signatures.get(cacheKey);
    if (!cached || cached.until < now) {
      if (this.signatures.size > 10_000) this.signatures.clear();
      cached = {
        header: signIdentity(caller, operation, this.internalSecret, now),
        until: now + SIGNATURE_REUSE_MS,
      };
      this.signatures.set(cacheKey, cached);
    }
    request.http?.headers.set(IDENTITY_HEADER, cached.header);
  }
}
