/**
 * The subgraphs the hub federates: the one place a department is registered. Its line gives the
 * name (its folder `subgraphs/<name>`, its package `@cityhub/<name>`, its PostgreSQL schema) and
 * its default port; from it follow composition, codegen (`codegen.ts`), what the launcher starts
 * and migrates, and the check of the hub's scope table.
 */
const REGISTERED = [
  { name: 'audit', port: 4006 },
  { name: 'events', port: 4007 },
  { name: 'enterprises', port: 4002 },
  { name: 'integrators', port: 4008 },
  { name: 'population', port: 4001 },
  { name: 'risk', port: 4005 },
  { name: 'sites', port: 4004 },
  { name: 'transport', port: 4003 },
  { name: 'dispatch', port: 4009 },
];

export interface SubgraphEntry {
  name: string;
  port: number;
  /** Relative to the repository root. */
  schemaFile: string;
}

export const SUBGRAPHS: SubgraphEntry[] = REGISTERED.map(({ name, port }) => ({
  name,
  port,
  schemaFile: `subgraphs/${name}/schema.graphql`,
}));

export function defaultSubgraphUrl(entry: SubgraphEntry): string {
  return `http://127.0.0.1:${entry.port}/graphql`;
}
