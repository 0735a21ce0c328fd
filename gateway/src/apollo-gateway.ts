import { ApolloGateway, type SupergraphSdlHook } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  metricsPlugin,
  type IdentitySigner,
  type LimitedLog,
  type ServiceMetrics,
} from '@cityhub/kit';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Agent } from 'undici';
import type { GatewayContext } from './access/gateway-context.js';
import { IdentityDataSource, type IdentityRequest } from './access/identity-data-source.js';
import type { KeyUsage } from './access/key-usage.js';
import { operationPolicyPlugin } from './access/operation-policy.js';
import { queryCostPlugin } from './access/query-cost.js';
import {
  automaticPersistedQueries,
  type TrustedDocumentStore,
} from './access/trusted-documents.js';
import { trustedDocumentsPlugin } from './access/trusted-documents-plugin.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { clientMistakesPlugin } from './client-mistakes.js';
import type { FastOperations } from './fast-path/fast-operations.js';
import type { GatewayLimits, GatewayOptions } from './gateway-options.js';
import { publicError } from './public-error.js';
import { stringifyResult } from './response-cache/response-cache.js';
import {
  createSubgraphCaller,
  createSubgraphFetcher,
  type SubgraphCaller,
} from './subgraph-fetcher.js';

export interface ApolloGatewayParts {
  options: GatewayOptions;
  limits: GatewayLimits;
  agent: Agent;
  identitySigner: IdentitySigner;
  metrics: ServiceMetrics;
  operationLabel: (name: string | null | undefined) => string;
  keyUsage: KeyUsage;
  trustedDocuments: TrustedDocumentStore | null;
  responseCachePlugin: ApolloServerPlugin<GatewayContext>;
  /** Learns the operations the fast path may serve from resolved plans; none without it. */
  fastOperations: FastOperations | null;
  logError: LimitedLog;
}

/**
 * Apollo Gateway over the subgraphs (each called through the signing fetcher, behind its circuit
 * breaker) and Apollo Server with the gateway's checks as plugins.
 */
export function createApolloGateway(parts: ApolloGatewayParts) {
  const { options, limits, logError } = parts;
  // By subgraph name, kept across supergraph reloads: where readiness asks, and each one's circuit.
  const subgraphUrls = new Map<string, string>();
  const breakers = new Map<string, CircuitBreaker>();
  const callers = new Map<string, { url: string; call: SubgraphCaller }>();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraph as SupergraphSdlHook,
    logger: options.logger,
    experimental_didResolveQueryPlan: parts.fastOperations?.learn,
    buildService: ({ name, url }) => {
      const subgraphUrl = options.subgraphUrls?.get(name) ?? url!;
      subgraphUrls.set(name, subgraphUrl);
      if (!breakers.has(name)) breakers.set(name, new CircuitBreaker());
      const fetcherOptions = {
        subgraph: name,
        agent: parts.agent,
        timeoutMs: options.subgraphTimeoutMs ?? 10_000,
        breaker: breakers.get(name),
        signIdentity: (identityRequest: string, body: string) => {
          const { caller, operation } = JSON.parse(identityRequest) as IdentityRequest;
          return parts.identitySigner.sign({ caller, operation, audience: name, body });
        },
      };
      const call = createSubgraphCaller(fetcherOptions);
      callers.set(name, { url: subgraphUrl, call });
      return new IdentityDataSource(name, {
        url: subgraphUrl,
        fetcher: createSubgraphFetcher(call) as never,
      });
    },
  });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    // Tokens are limited by graphql-js's own parser (parseOptions below): armor's re-parse turns syntax errors into HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: options.introspection === false },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    // Apollo turns introspection off by itself when NODE_ENV is production, admins included; who may
    // introspect is decided by operationPolicyPlugin instead.
    introspection: true,
    persistedQueries: {
      cache: automaticPersistedQueries(options.automaticPersistedQueries ?? false),
    },
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // The gateway's shutdown drains requests first; Apollo's own handler would stop it mid-request.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: (formatted) => publicError(formatted, logError),
    stringifyResult,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      metricsPlugin(parts.metrics, parts.operationLabel) as ApolloServerPlugin<GatewayContext>,
      trustedDocumentsPlugin({ store: parts.trustedDocuments, usage: parts.keyUsage }),
      operationPolicyPlugin({ introspection: options.introspection ?? true }),
      parts.responseCachePlugin,
      queryCostPlugin(limits.maxCost) as ApolloServerPlugin<GatewayContext>,
      clientMistakesPlugin(),
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
    ],
  });
  return { gateway, apollo, subgraphUrls, breakers, callers };
}
