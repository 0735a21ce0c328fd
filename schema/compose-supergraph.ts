import { composeServices } from '@apollo/composition';
import { readSubgraphTypeDefs } from '@cityhub/kit/schema-includes';
import { Kind, visit, type DocumentNode } from 'graphql';
import { SUBGRAPHS, defaultSubgraphUrl, type SubgraphEntry } from './subgraphs.js';

// The same whether run from these sources or from the compiled dist/ folder.
const SCHEMA_FOLDER = new URL(import.meta.url.includes('/dist/') ? '../' : './', import.meta.url);
export const REPOSITORY_ROOT = new URL('../', SCHEMA_FOLDER);
export const SUPERGRAPH_FILE = new URL('supergraph.graphql', SCHEMA_FOLDER);

/** Composes the supergraph from the subgraphs' SDL files; throws with every composition error. */
export function composeSupergraph(
  entries: SubgraphEntry[] = SUBGRAPHS,
  urlOf: (entry: SubgraphEntry) => string = defaultSubgraphUrl,
): string {
  const services = entries.map((entry) => ({
    name: entry.name,
    url: urlOf(entry),
    typeDefs: withoutAccessDirectives(
      readSubgraphTypeDefs(new URL(entry.schemaFile, REPOSITORY_ROOT)),
    ),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

const ACCESS_DIRECTIVES = new Set(['authenticated', 'requiresScopes']);

/**
 * @authenticated and @requiresScopes are enforced by each subgraph on its own fields (see the kit's
 * access rules), so they hold on every path into the data. They are left out of the supergraph:
 * @apollo/gateway refuses supergraphs that carry these SECURITY features, which only the paid
 * router enforces.
 */
export function withoutAccessDirectives(document: DocumentNode): DocumentNode {
  return visit(document, {
    Directive(node) {
      return ACCESS_DIRECTIVES.has(node.name.value) ? null : undefined;
    },
    Argument(node) {
      if (node.name.value !== 'import' || node.value.kind !== Kind.LIST) return undefined;
      const values = node.value.values.filter(
        (value) =>
          !(value.kind === Kind.STRING && ACCESS_DIRECTIVES.has(value.value.replace(/^@/, ''))),
      );
      return { ...node, value: { ...node.value, values } };
    },
  });
}
