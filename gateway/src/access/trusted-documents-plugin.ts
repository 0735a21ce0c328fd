import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './gateway-context.js';
import type { KeyUsage } from './key-usage.js';
import { documentIdOf, type TrustedDocumentStore } from './trusted-documents.js';

export interface TrustedDocumentsOptions {
  store: TrustedDocumentStore | null;
  usage: KeyUsage;
}

/**
 * Persisted documents: a request may name its operation by id instead of sending it —
 * `documentId` (GraphQL over HTTP), or `extensions.persistedQuery.sha256Hash` (Apollo) — with the
 * ids graphql-codegen's client preset emits. An integrator key finds only its application's
 * documents, and a registered-only key runs nothing else. (Cache-Control and ETag of GET answers:
 * see response-cache/http-caching.ts.)
 */
export function trustedDocumentsPlugin(
  options: TrustedDocumentsOptions,
): ApolloServerPlugin<GatewayContext> {
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
        async willSendResponse({ errors }) {
          if (apiKey) options.usage.recordRequest(apiKey.id, !!errors?.length);
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
