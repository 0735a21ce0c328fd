import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphSchemaFiles } from './packages/kit/src/schema-includes.js';
import { SUBGRAPHS } from './schema/subgraphs.js';

// Typed resolvers for every registered subgraph: parent types are the database rows (mappers, in
// the department's own `codegen.json`), the context is the subgraph's own (`<Name>Context` of its
// src/context.ts), and __resolveReference is typed (federation: true).
const scalars = {
  Date: 'string',
  ResidentId: 'string',
  CreditCode: 'string',
  DivisionCode: 'string',
  GeoJSON: 'Record<string, unknown>',
};

function departmentResolverTypes(name: string): CodegenConfig['generates'][string] {
  const { mappers } = JSON.parse(
    readFileSync(new URL(`./subgraphs/${name}/codegen.json`, import.meta.url), 'utf8'),
  ) as { mappers: Record<string, string> };
  return {
    // The department's schema file and the shared ones it includes (`#include`).
    schema: [
      'schema/federation-directives.graphql',
      ...subgraphSchemaFiles(`subgraphs/${name}/schema.graphql`).map((file) => fileURLToPath(file)),
    ],
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useTypeImports: true,
      enumsAsTypes: true,
      avoidOptionals: false,
      scalars: { ...scalars, DateTime: { input: 'Date', output: 'Date | string' } },
      contextType: `../context.js#${name[0]!.toUpperCase()}${name.slice(1)}Context`,
      mappers,
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...Object.fromEntries(
      SUBGRAPHS.map(({ name }) => [
        `subgraphs/${name}/src/__generated__/resolvers-types.ts`,
        departmentResolverTypes(name),
      ]),
    ),
    // The integrators' client: typed document nodes for its operations, each with the id the
    // gateway knows it by (SHA-256 of the normalized document), and the manifest to register them with.
    'packages/client/src/__generated__/': {
      schema: 'schema/api-schema.graphql',
      documents: 'packages/client/src/operations/*.graphql',
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        gqlTagName: 'gql',
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { ...scalars, DateTime: 'string' },
      },
    },
  },
};

export default config;
