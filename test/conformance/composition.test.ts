import { composeServices as composeWithApollo } from '@apollo/composition';
import { readSubgraphTypeDefs } from '@cityhub/kit/schema-includes';
import { REPOSITORY_ROOT, SUBGRAPHS, withoutAccessDirectives } from '@cityhub/schema';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import type { DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * The registered subgraphs compose with Apollo's composition and with The Guild's independent
 * implementation (what Hive uses): two readings of the Federation 2 spec that must both agree.
 * Both the departments' own SDL and the gateway's input (access directives left out) are checked.
 */
function services(transform: (document: DocumentNode) => DocumentNode) {
  return SUBGRAPHS.map((entry) => ({
    name: entry.name,
    url: `http://127.0.0.1:${entry.port}/graphql`,
    typeDefs: transform(readSubgraphTypeDefs(new URL(entry.schemaFile, REPOSITORY_ROOT))),
  }));
}

const messages = (errors: readonly { message: string }[] | undefined) =>
  (errors ?? []).map((error) => error.message);

describe.each([
  ['as the departments wrote them', (document: DocumentNode) => document],
  ['as the gateway composes them (access directives left out)', withoutAccessDirectives],
])('the registered subgraphs, %s', (_label, transform) => {
  it('compose with @apollo/composition', () => {
    const result = composeWithApollo(services(transform));
    expect(messages(result.errors)).toEqual([]);
    expect(result.supergraphSdl).toContain('join__Graph');
  });

  it('compose with @theguild/federation-composition', () => {
    const result = composeWithTheGuild(services(transform));
    expect(messages(result.errors)).toEqual([]);
    expect('supergraphSdl' in result && result.supergraphSdl).toContain('join__Graph');
  });
});
