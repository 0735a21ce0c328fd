import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import type { HTTPGraphQLRequest } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { fastOperationOf, type FastOperation } from './fast-operation.js';

/** Learned operations at most: a client sending ever new documents only fills the table. */
const MAX_OPERATIONS = 1_000;
const BODY_FIELDS = new Set(['query', 'operationName', 'variables']);

/**
 * The operations the fast path serves, by document text and operation name, learned from the full
 * pipeline's plans (`learn` is the gateway's experimental_didResolveQueryPlan hook) and forgotten
 * when the supergraph changes.
 */
export class FastOperations {
  private readonly byQuery = new Map<string, Map<string, FastOperation>>();
  private size = 0;
  private schema: GraphQLSchema | null = null;

  readonly learn: Experimental_DidResolveQueryPlanCallback = (resolved) => {
    const { request, schema } = resolved.requestContext;
    if (schema !== this.schema || !request.query || this.size >= MAX_OPERATIONS) return;
    const name = request.operationName ?? '';
    if (this.byQuery.get(request.query)?.has(name)) return;
    const operation = fastOperationOf(resolved);
    if (!operation) return;
    let byName = this.byQuery.get(request.query);
    if (!byName) this.byQuery.set(request.query, (byName = new Map()));
    byName.set(name, operation);
    this.size += 1;
  };

  /** A new supergraph: every plan is learned anew. */
  schemaChanged(schema: GraphQLSchema): void {
    this.schema = schema;
    this.byQuery.clear();
    this.size = 0;
  }

  /**
   * The learned operation a request asks for, with its variables, when the request is one the
   * full pipeline would read the same way: a JSON POST with only a document, an operation name and
   * variables, answered as application/json. Null for anything else.
   */
  match(
    request: HTTPGraphQLRequest,
  ): { operation: FastOperation; variables: Record<string, unknown> | undefined } | null {
    if (request.method !== 'POST' || this.size === 0) return null;
    const body = request.body as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    for (const key in body) if (!BODY_FIELDS.has(key)) return null;
    const { query, operationName, variables } = body;
    if (typeof query !== 'string') return null;
    if (operationName != null && typeof operationName !== 'string') return null;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
      return null;
    const operation = this.byQuery.get(query)?.get(operationName ?? '');
    if (!operation || operation.schema !== this.schema) return null;
    const { headers } = request;
    if (!isJson(headers.get('content-type')) || !answersJson(headers.get('accept'))) return null;
    if (headers.has('apollo-query-plan-experimental')) return null;
    return {
      operation,
      variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    };
  }
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

/** Accept headers for which Apollo Server answers `application/json; charset=utf-8`. */
function answersJson(accept: string | undefined): boolean {
  return accept === undefined || accept === '*/*' || accept === 'application/json';
}
