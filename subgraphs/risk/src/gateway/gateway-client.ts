import type { KeyObject } from 'node:crypto';
import { mintServiceToken, type Logger } from '@cityhub/kit';

/** How the risk run reaches the hub: the gateway's URL and the identity it presents there. */
export interface GatewaySettings {
  url: string;
  /** The risk run's own key: it signs in as service `risk-run`, with the scopes the gateway grants it. */
  servicePrivateKey: KeyObject;
  timeoutMs: number;
}

/** An input the run could not read: the department is not in the hub yet, is down, or refused. */
export class SourceUnavailableError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** A page of a Relay connection, as the run reads it. */
export interface PagedConnection<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: N }>;
}

interface GraphQLPayload<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

// Service tokens live five minutes; a new one is signed well before.
const TOKEN_REUSE_MS = 120_000;
// Header values are ASCII only.
export const RUN_PURPOSE = 'risk-model-run';

/**
 * The one place that decides how the risk run identifies itself to the gateway: as service
 * `risk-run`, whose scopes the gateway decides (SERVICE_IDENTITIES) and under whose name the
 * audit log records its reads.
 */
export async function gatewayHeaders(settings: GatewaySettings): Promise<Record<string, string>> {
  const token = await mintServiceToken('risk-run', settings.servicePrivateKey);
  return { authorization: `Bearer ${token}`, 'x-purpose': RUN_PURPOSE };
}

/** A GraphQL client of the gateway: the run reads other departments' data only through it. */
export class GatewayClient {
  private headers: Promise<Record<string, string>> | undefined;
  private headersSignedAt = 0;
  requests = 0;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs an operation for one source. A field the supergraph does not have (the department is not
   * registered), a department that is down, or a refusal makes the source unavailable; any other
   * error is a fault of the run and is thrown as it is.
   */
  async query<T>(source: string, document: string, variables: Record<string, unknown>): Promise<T> {
    if (!this.headers || Date.now() - this.headersSignedAt > TOKEN_REUSE_MS) {
      this.headers = gatewayHeaders(this.settings);
      this.headersSignedAt = Date.now();
    }
    this.requests++;
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await this.headers) },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new SourceUnavailableError(
        source,
        `the gateway did not answer (${(error as Error).message})`,
      );
    }
    const payload = (await response.json().catch(() => ({}))) as GraphQLPayload<T>;
    const errors = payload.errors ?? [];
    if (errors.length > 0) {
      const codes = new Set(errors.map((error) => error.extensions?.code ?? 'UNKNOWN'));
      this.logger.warn(
        { source, codes: [...codes], message: errors[0]!.message },
        'gateway answered with errors',
      );
      if (
        [...codes].some((code) =>
          [
            'GRAPHQL_VALIDATION_FAILED',
            'SUBGRAPH_UNAVAILABLE',
            'FORBIDDEN',
            'UNAUTHENTICATED',
            'DOWNSTREAM_SERVICE_ERROR',
          ].includes(code),
        )
      ) {
        throw new SourceUnavailableError(source, `${[...codes].join(', ')}: ${errors[0]!.message}`);
      }
      throw new Error(`${source}: ${errors[0]!.message}`);
    }
    if (!response.ok || !payload.data)
      throw new SourceUnavailableError(source, `the gateway answered HTTP ${response.status}`);
    return payload.data;
  }

  /**
   * Reads a connection to its last page (the document takes `$after`), visiting every node;
   * returns how many there were.
   */
  async everyNode<T, N>(
    source: string,
    document: string,
    variables: Record<string, unknown>,
    connectionOf: (data: T) => PagedConnection<N>,
    visit: (node: N) => void,
  ): Promise<number> {
    let after: string | null = null;
    let records = 0;
    for (;;) {
      const connection = connectionOf(
        await this.query<T>(source, document, { ...variables, after }),
      );
      for (const { node } of connection.edges) visit(node);
      records += connection.edges.length;
      if (!connection.pageInfo.hasNextPage) return records;
      after = connection.pageInfo.endCursor;
    }
  }
}
