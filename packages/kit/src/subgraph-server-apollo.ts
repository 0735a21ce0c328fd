import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { AuditWriter } from './audit-log.js';
import { inputGuardPlugin } from './input-guard.js';
import type { LimitedLog } from './log-limiter.js';
import { metricsPlugin, type ServiceMetrics } from './metrics.js';
import { auditPlugin } from './subgraph-audit-plugin.js';
import type { SubgraphBaseContext } from './subgraph-definition.js';
import { hideInternals } from './subgraph-errors.js';
import { compiledExecution } from './subgraph-server-execution.js';

/**
 * A subgraph's Apollo Server: its schema, executed by graphql-js or, with `compiledExecution`, its
 * hot operations compiled (subgraph-server-execution.ts); errors without internals, metrics, the
 * NUL guard and the audit log as plugins.
 */
export function subgraphApolloServer<TContext extends SubgraphBaseContext>(options: {
  schema: GraphQLSchema;
  subgraph: string;
  logError: LimitedLog;
  metrics: ServiceMetrics;
  auditWriter: AuditWriter;
  compiledExecution: boolean;
}): ApolloServer<TContext> {
  const { schema, logError, subgraph } = options;
  return new ApolloServer<TContext>({
    ...(options.compiledExecution ? { gateway: compiledExecution(schema) } : { schema }),
    includeStacktraceInErrorResponses: false,
    // The kit's shutdown drains requests and flushes the audit log; Apollo's own handler would
    // stop the server and re-kill the process before that runs.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => hideInternals(formatted, error, logError, subgraph),
    // Inline traces only feed Apollo's cloud, which a closed city network never reaches.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(options.metrics) as ApolloServerPlugin<TContext>,
      inputGuardPlugin<TContext>(),
      auditPlugin(options.auditWriter) as ApolloServerPlugin<TContext>,
    ],
  });
}
