import {
  HeaderMap,
  type ApolloServer,
  type ContextThunk,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import { isTraced, nulCharacterIn, type ServiceMetrics } from '@cityhub/kit';
import { Counter } from 'prom-client';
import { asciiJson, IDENTITY_REQUEST_HEADER } from '../access/identity-data-source.js';
import type { GatewayContext } from '../access/gateway-context.js';
import { rightsKeyOf } from '../response-cache/rights-key.js';
import type { SubgraphCaller } from '../subgraph-fetcher.js';
import type { FastOperation } from './fast-operation.js';
import type { FastOperations } from './fast-operations.js';
import { dropReplay, holdReplay } from './replay.js';
import type { KeyUsage } from '../access/key-usage.js';
import type { TrustedDocumentStore } from '../access/trusted-documents.js';

type Executor = Pick<ApolloServer<GatewayContext>, 'executeHTTPGraphQLRequest'>;

export interface FastPathOptions {
  operations: FastOperations;
  /** Each subgraph's URL and caller (the fetcher's, below the fetch API), by name. */
  subgraphs: Map<string, { url: string; call: SubgraphCaller }>;
  metrics: ServiceMetrics;
  operationLabel: (name: string | null | undefined) => string;
  keyUsage: KeyUsage;
  trustedDocuments: TrustedDocumentStore | null;
}

const EMPTY_DOCUMENT = { kind: 'Document', definitions: [] } as never;
const JSON_ANSWER = 'application/json; charset=utf-8';

/**
 * Apollo Server with the fast path in front: a POST of a learned operation (fast-operation.ts) by
 * a caller whose answers are never cached (a stated purpose, a machine caller) goes straight to its
 * subgraph with the body the gateway would send, signed the same way, and the subgraph's answer is
 * passed on when the full pipeline would pass it on unchanged. Whatever else may differ — the
 * caller's checks, the variables, an error, a traced request — is left to the full pipeline, with
 * the context already made (rate limits count once) and the subgraph's answer if one came (it is
 * never asked twice). So answers, errors and audit records are the full pipeline's.
 */
export function withFastPath(apollo: Executor, options: FastPathOptions): Executor {
  const outcomes = new Counter({
    name: 'cityhub_gateway_fast_path_total',
    help: 'Requests of learned operations: answered by the fast path, handed to the full pipeline before calling, or after (replayed).',
    labelNames: ['outcome'],
    registers: [options.metrics.registry],
  });
  const full = (request: HTTPGraphQLRequest, context: ContextThunk<GatewayContext>) =>
    apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context });
  return {
    async executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context }) {
      const found = options.operations.match(request);
      if (!found) return full(request, context);
      const { operation, variables } = found;
      let contextValue: GatewayContext;
      try {
        contextValue = await context();
      } catch (error) {
        return full(request, () => Promise.reject(error));
      }
      const made = async () => contextValue;
      const subgraph = options.subgraphs.get(operation.subgraph);
      if (!subgraph || !(await allowed(operation, contextValue, variables))) {
        outcomes.inc({ outcome: 'handed' });
        return full(request, made);
      }
      const stopTimer = options.metrics.requestSeconds.startTimer();
      const body = operation.bodyFor(variables);
      const raw = await subgraph.call(subgraph.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_REQUEST_HEADER]: asciiJson({
            caller: contextValue.caller,
            operation: operation.operationName,
          }),
        },
        body,
      });
      const answer = operation.answerFrom(raw);
      if (answer === null) {
        outcomes.inc({ outcome: 'replayed' });
        const id = holdReplay(body, raw);
        contextValue.replay = { subgraph: operation.subgraph, id };
        try {
          return await full(request, made);
        } finally {
          dropReplay(id);
        }
      }
      outcomes.inc({ outcome: 'answered' });
      options.metrics.requests.inc({ operation: options.operationLabel(operation.operationName) });
      stopTimer();
      if (contextValue.apiKey) options.keyUsage.recordRequest(contextValue.apiKey.id, false);
      return {
        status: undefined,
        // As Apollo Server's cache-control plugin says of an answer no subgraph let be kept.
        headers: new HeaderMap([
          ['cache-control', 'no-store'],
          ['content-type', JSON_ANSWER],
        ]),
        body: { kind: 'complete', string: answer },
      };
    },
  };

  /** The checks of the full pipeline that depend on the caller or the variables. */
  async function allowed(
    operation: FastOperation,
    context: GatewayContext,
    variables: Record<string, unknown> | undefined,
  ): Promise<boolean> {
    // Answers the response cache may keep, and traced requests, take the full pipeline.
    if (rightsKeyOf(context.caller) !== null || isTraced()) return false;
    if (variables && nulCharacterIn(EMPTY_DOCUMENT, variables)) return false;
    if (!operation.variablesValid(variables)) return false;
    if (!context.registeredOperationsOnly) return true;
    const { apiKey } = context;
    const store = options.trustedDocuments;
    return !!apiKey && !!store && !!(await store.find(apiKey.application, operation.documentId));
  }
}
