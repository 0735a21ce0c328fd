import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service. A registry per service, so that tests can run several in one process. */
export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'operation'>;
  sqlStatements: Counter;
  requestSeconds: Histogram;
}

export function createServiceMetrics(
  service: string,
  { defaultMetrics = true } = {},
): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'cityhub_graphql_requests_total',
      help: 'GraphQL requests handled',
      labelNames: ['operation'],
      registers: [registry],
    }),
    sqlStatements: new Counter({
      name: 'cityhub_sql_statements_total',
      help: 'SQL statements sent to PostgreSQL',
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'cityhub_graphql_request_seconds',
      help: 'Time to answer a GraphQL request',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/** Reads one counter's current value (summed over labels), for benchmarks and tests. */
export async function counterValue(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.reduce((sum, { value }) => sum + value, 0);
}

/** Distinct operation names a service labels its metrics with; the rest count as `other`. */
export const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The label of an operation name: clients choose names freely, and every distinct label is a new
 * time series in the monitoring system, so labels come from a bounded set — the names given by
 * `known` (registered operations), else the first MAX_OPERATION_LABELS well-formed names seen —
 * and everything beyond is `other`.
 */
export function operationLabeller(known?: (name: string) => boolean) {
  const labels = new Set<string>();
  return (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (labels.has(name) || known?.(name)) return name;
    if (labels.size >= MAX_OPERATION_LABELS) return 'other';
    labels.add(name);
    return name;
  };
}

/** Counts and times every GraphQL request of a service, by operation name (a bounded set). */
export function metricsPlugin(
  metrics: ServiceMetrics,
  label: (name: string | null | undefined) => string = operationLabeller(),
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stopTimer = metrics.requestSeconds.startTimer();
      return {
        async willSendResponse({ operationName }) {
          metrics.requests.inc({ operation: label(operationName) });
          stopTimer();
        },
      };
    },
  };
}
