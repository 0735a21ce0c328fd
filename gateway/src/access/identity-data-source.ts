import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REPLAY_HEADER } from '../fast-path/replay.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * Carries the caller from the data source to the subgraph fetcher, which signs it together with
 * the exact body it sends (see subgraph-fetcher.ts). Never leaves the gateway.
 */
export const IDENTITY_REQUEST_HEADER = 'x-hub-identity-request';

/** What the fetcher signs for a subgraph call: the verified caller and the client's operation. */
export interface IdentityRequest {
  caller: GatewayContext['caller'];
  operation: string | null;
}

/** A subgraph data source that hands the verified caller to the signing fetcher. */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name: the tag of the answers that read it (response-cache/). */
    readonly subgraph: string,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only client operations carry a caller; the gateway's own health checks have none.
    if (!('incomingRequestContext' in options)) return;
    const { request, context, incomingRequestContext } = options;
    const operation =
      incomingRequestContext.operationName ?? incomingRequestContext.request.operationName ?? null;
    request.http?.headers.set(
      IDENTITY_REQUEST_HEADER,
      asciiJson({ caller: context.caller, operation } satisfies IdentityRequest),
    );
    if (context.replay?.subgraph === this.subgraph)
      request.http?.headers.set(REPLAY_HEADER, context.replay.id);
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    // The gateway's own calls (health checks) have no answer to trace.
    (context as Partial<GatewayContext>).answer?.noteSubgraphAnswer(
      this.subgraph,
      response.http?.headers,
    );
    return response;
  }
}

/**
 * JSON with every non-ASCII character escaped (\uXXXX): a header value is bytes, and a caller's
 * purpose note is any text. JSON.parse reads it back unchanged.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
