import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type OperationDefinitionNode } from 'graphql';
import { RateLimitedError, hubErrorFrom, type HubErrorDetail } from './errors.js';

export interface HubClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://hub.example.gov/graphql. */
  url: string;
  /** The integrator's API key; a function is asked before every request, so a rotated key takes effect at once. */
  apiKey?: string | (() => string);
  /** Or a department user's signed token (a street office's app), sent as a bearer token. */
  token?: string | (() => string);
  /** Send operations as their persisted id (default); a department user's app, which has no registered application, sends their text. */
  persistedDocuments?: boolean;
  /** Why personal data are read: a code of the hub's `purposes` list (x-purpose), recorded in the audit log with every read. */
  purpose?: string;
  /** Free text on the purpose, in any language; sent percent-encoded (x-purpose-note) and recorded beside the code. */
  purposeNote?: string;
  /** Retries of a request answered 429, each after the Retry-After the hub gives (default 3). */
  maxRetries?: number;
  /** Longest wait the client accepts before a retry, in seconds (default 60). */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
  /** How to wait before a retry; tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: HubErrorDetail[];
}

type PersistedDocument<TResult, TVariables> = TypedDocumentNode<TResult, TVariables> & {
  __meta__?: { hash?: string };
};

/**
 * A thin client over fetch for the hub's integrators. Operations are codegen's typed documents and
 * travel as their persisted id only: queries as GET (cacheable where the answer holds no personal
 * data), mutations as POST. Hub errors become typed errors (errors.ts).
 */
export class HubClient {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(private readonly options: HubClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async request<TResult, TVariables extends Record<string, unknown>>(
    document: PersistedDocument<TResult, TVariables>,
    ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
  ): Promise<TResult> {
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    const documentId =
      this.options.persistedDocuments === false ? undefined : document.__meta__?.hash;
    const body: Record<string, unknown> = documentId ? { documentId } : { query: print(document) };
    if (operation?.name) body.operationName = operation.name.value;
    if (variables && Object.keys(variables).length) body.variables = variables;
    const asGet = operation?.operation === 'query' && !!documentId;
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(body, asGet);
      if (response.status === 429 && attempt < (this.options.maxRetries ?? 3)) {
        const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
        if (retryAfter !== null && retryAfter <= (this.options.maxRetryAfterSeconds ?? 60)) {
          await response.arrayBuffer();
          await this.sleep(retryAfter * 1000);
          continue;
        }
      }
      return this.result<TResult>(response);
    }
  }

  private send(body: Record<string, unknown>, asGet: boolean): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/graphql-response+json, application/json',
      ...credentialHeaders(this.options),
      // Tells the hub's CSRF protection that this is not a browser's simple request.
      'apollo-require-preflight': 'true',
    };
    if (this.options.purpose) headers['x-purpose'] = this.options.purpose;
    // Header values are bytes, not text: UTF-8 travels percent-encoded.
    if (this.options.purposeNote)
      headers['x-purpose-note'] = encodeURIComponent(this.options.purposeNote);
    if (asGet) {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(body))
        search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
      return this.fetch(`${this.options.url}?${search}`, { method: 'GET', headers });
    }
    headers['content-type'] = 'application/json';
    return this.fetch(this.options.url, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  private async result<TResult>(response: Response): Promise<TResult> {
    let payload: GraphQLResponse<TResult>;
    try {
      payload = (await response.json()) as GraphQLResponse<TResult>;
    } catch {
      throw hubErrorFrom(response.status, [], null);
    }
    if (payload.errors?.length || !payload.data) {
      const error = hubErrorFrom(response.status, payload.errors ?? [], payload.data ?? null);
      if (error instanceof RateLimitedError)
        error.retryAfterSeconds = retryAfterSeconds(response.headers.get('retry-after'));
      throw error;
    }
    return payload.data;
  }
}

function credentialHeaders({ apiKey, token }: HubClientOptions): Record<string, string> {
  const value = (credential: string | (() => string)) =>
    typeof credential === 'function' ? credential() : credential;
  if (token) return { authorization: `Bearer ${value(token)}` };
  return apiKey ? { 'x-api-key': value(apiKey) } : {};
}

function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
