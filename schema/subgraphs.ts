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
  { name: 'population', port: 4001, schemaFile: 'subgraphs/population/schema.graphql' },
];

export function defaultSubgraphUrl(entry: SubgraphEntry): string {
  return `http://127.0.0.1:${entry.port}/graphql`;
}
