import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { mayReadPersonalData } from '@cityhub/kit';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './gateway-context.js';
import type { KeyUsage } from './key-usage.js';
import { documentIdOf, type TrustedDocumentStore } from './trusted-documents.js';

export interface TrustedDocumentsOptions {
  store: TrustedDocumentStore | null;
  usage: KeyUsage;
  /** How long a shared cache may keep a GET answer that holds no personal data. */
  publicMaxAgeSeconds?: number;
}

/**
 * Persisted documents: a request may name its operation by id instead of sending it —
 * `documentId` (GraphQL over HTTP), or `extensions.persistedQuery.sha256Hash` (Apollo) — with the
 * ids graphql-codegen's client preset emits. An integrator key finds only its application's
 * documents, and a registered-only key runs nothing else. GET answers without personal data carry
 * an ETag and may be cached; the others are `no-store`.
 */
export function trustedDocumentsPlugin(
  options: TrustedDocumentsOptions,
): ApolloServerPlugin<GatewayContext> {
  const maxAge = options.publicMaxAgeSeconds ?? 60;
  return {
    async requestDidStart({ request, contextValue }) {
      const apiKey = contextValue.apiKey;
      let trustedId: string | null = null;
      const id = persistedIdOf(request);
      if (id && !request.query) {
        const document = options.store
          ? await (apiKey ? options.store.find(apiKey.application, id) : options.store.findAny(id))
          : null;
        if (document) {
          request.query = document.document;
          request.extensions = withoutPersistedQuery(request.extensions);
          trustedId = id;
        } else {
          // Apollo answers PERSISTED_QUERY_NOT_FOUND, or finds it among automatic ones (development).
          request.extensions = {
            ...request.extensions,
            persistedQuery: { version: 1, sha256Hash: id },
          };
        }
      } else if (
        id &&
        request.query &&
        sha256(request.query) !== id &&
        safeDocumentId(request.query) === id
      ) {
        // The document sent along with its codegen id: Apollo would check a hash of the raw text.
        request.extensions = withoutPersistedQuery(request.extensions);
      }
      return {
        async didResolveOperation({ document }) {
          if (!contextValue.registeredOperationsOnly || trustedId) return;
          const registered =
            apiKey && options.store
              ? await options.store.find(apiKey.application, documentIdOf(document))
              : null;
          if (!registered)
            throw new GraphQLError("This key may only run its application's trusted documents.", {
              extensions: { code: 'OPERATION_NOT_REGISTERED', http: { status: 403 } },
            });
        },
        async willSendResponse({ response, errors, request: { http } }) {
          if (apiKey) options.usage.recordRequest(apiKey.id, !!errors?.length);
          if (http?.method !== 'GET' || response.body.kind !== 'single' || errors?.length) return;
          const headers = response.http.headers;
          headers.set('vary', 'origin, authorization, x-api-key, x-purpose, x-purpose-note');
          if (mayReadPersonalData(contextValue.caller)) {
            headers.set('cache-control', 'no-store');
            return;
          }
          const etag = `"${createHash('sha256')
            .update(JSON.stringify(response.body.singleResult))
            .digest('base64url')
            .slice(0, 27)}"`;
          headers.set('etag', etag);
          headers.set(
            'cache-control',
            contextValue.caller.kind === 'anonymous'
              ? `public, max-age=${maxAge}`
              : `private, max-age=${maxAge}`,
          );
          if (ifNoneMatch(http.headers.get('if-none-match'), etag)) response.http.status = 304;
        },
      };
    },
  };
}

function persistedIdOf(request: GraphQLRequest): string | null {
  const fromExtension = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)
    ?.sha256Hash;
  if (typeof fromExtension === 'string') return fromExtension;
  const body = request.http?.body as { documentId?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.documentId === 'string')
    return body.documentId;
  if (request.http?.method === 'GET')
    return new URLSearchParams(request.http.search).get('documentId');
  return null;
}

function withoutPersistedQuery(
  extensions: GraphQLRequest['extensions'],
): GraphQLRequest['extensions'] {
  if (!extensions) return extensions;
  const { persistedQuery: _persistedQuery, ...rest } = extensions;
  return rest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function safeDocumentId(query: string): string | null {
  try {
    return documentIdOf(query);
  } catch {
    return null;
  }
}

function ifNoneMatch(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
