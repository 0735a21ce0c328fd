import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema } from 'graphql';

export const API_SCHEMA_FILE = new URL(
  import.meta.url.includes('/dist/') ? '../api-schema.graphql' : './api-schema.graphql',
  import.meta.url,
);
export const RELEASED_FOLDER = new URL(
  import.meta.url.includes('/dist/') ? '../released/' : './released/',
  import.meta.url,
);

/**
 * The schema clients see: the supergraph without its join directives and inaccessible parts,
 * sorted so that a change shows as a small diff. The gateway serves the same text.
 */
export function apiSchemaOf(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return printSchema(lexicographicSortSchema(api)) + '\n';
}
