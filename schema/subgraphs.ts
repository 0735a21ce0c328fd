/**
 * The subgraphs the hub federates: the one place a new department's subgraph is registered.
 * `port` is its default port; `schemaFile` is relative to the repository root.
 */
export interface SubgraphEntry {
  name: string;
  port: number;
  schemaFile: string;
}

export const SUBGRAPHS: SubgraphEntry[] = [
  { name: 'audit', port: 4006, schemaFile: 'subgraphs/audit/schema.graphql' },
  { name: 'events', port: 4007, schemaFile: 'subgraphs/events/schema.graphql' },
  { name: 'enterprises', port: 4002, schemaFile: 'subgraphs/enterprises/schema.graphql' },
  { name: 'integrators', port: 4008, schemaFile: 'subgraphs/integrators/schema.graphql' },
  { name: 'population', port: 4001, schemaFile: 'subgraphs/population/schema.graphql' },
  { name: 'risk', port: 4005, schemaFile: 'subgraphs/risk/schema.graphql' },
  { name: 'sites', port: 4004, schemaFile: 'subgraphs/sites/schema.graphql' },
  { name: 'transport', port: 4003, schemaFile: 'subgraphs/transport/schema.graphql' },
  { name: 'dispatch', port: 4009, schemaFile: 'subgraphs/dispatch/schema.graphql' },
];

export function defaultSubgraphUrl(entry: SubgraphEntry): string {
  return `http://127.0.0.1:${entry.port}/graphql`;
}
