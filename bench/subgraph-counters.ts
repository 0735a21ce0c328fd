import { counterValue, type RunningSubgraph } from '@cityhub/kit';

export interface CounterSnapshot {
  sql: Record<string, number>;
  requests: Record<string, number>;
}

/** Reads every subgraph's SQL-statement and request counters: in this process, or from `/metrics`. */
export type CounterReader = () => Promise<CounterSnapshot>;

export function inProcessCounters(subgraphs: Map<string, RunningSubgraph>): CounterReader {
  return async () => {
    const snapshot: CounterSnapshot = { sql: {}, requests: {} };
    for (const [name, running] of subgraphs) {
      snapshot.sql[name] = await counterValue(
        running.metrics.registry,
        'cityhub_sql_statements_total',
      );
      snapshot.requests[name] = await counterValue(
        running.metrics.registry,
        'cityhub_graphql_requests_total',
      );
    }
    return snapshot;
  };
}

/** For a hub that runs elsewhere on this machine: scrapes each subgraph's Prometheus endpoint. */
export function scrapedCounters(metricsUrls: Map<string, string>): CounterReader {
  return async () => {
    const snapshot: CounterSnapshot = { sql: {}, requests: {} };
    for (const [name, url] of metricsUrls) {
      try {
        const text = await (await fetch(url)).text();
        snapshot.sql[name] = sumOf(text, 'cityhub_sql_statements_total');
        snapshot.requests[name] = sumOf(text, 'cityhub_graphql_requests_total');
      } catch {
        // A subgraph not running is reported with no counts.
      }
    }
    return snapshot;
  };
}

/** Per gateway request: (after − before) / requests, by subgraph. */
export function perRequest(
  before: Record<string, number>,
  after: Record<string, number>,
  requests: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((name) => [
      name,
      requests > 0 ? ((after[name] ?? 0) - (before[name] ?? 0)) / requests : 0,
    ]),
  );
}

export function difference(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]),
  );
}

function sumOf(text: string, metric: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(metric) && (line[metric.length] === '{' || line[metric.length] === ' '))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}
