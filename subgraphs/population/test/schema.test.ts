import { print } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';

describe('population schema', () => {
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('keys the shared entities as the other departments expect', () => {
    const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout
    expect(sdl).toMatch(/type District @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Street @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Community @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Person @key\(fields: "id"\)/);
  });
});
