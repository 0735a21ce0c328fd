import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, defaultSubgraphUrl, type SubgraphEntry } from './subgraphs.js';

export const REPOSITORY_ROOT = new URL('../', import.meta.url);
export const SUPERGRAPH_FILE = new URL('supergraph.graphql', import.meta.url);

/** Composes the supergraph from the subgraphs' SDL files; throws with every composition error. */
export function composeSupergraph(entries: SubgraphEntry[] = SUBGRAPHS, urlOf: (entry: SubgraphEntry) => string = defaultSubgraphUrl): string {
  const services = entries.map((entry) => ({
    name: entry.name,
    url: urlOf(entry),
    typeDefs: parse(readFileSync(new URL(entry.schemaFile, REPOSITORY_ROOT), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
