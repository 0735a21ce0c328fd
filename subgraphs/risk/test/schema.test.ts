import { print } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';

describe('risk schema', () => {
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('extends the shared entities by the keys the other departments use', () => {
    const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout
    expect(sdl).toMatch(/type Community @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Street @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Enterprise @key\(fields: "creditCode"\)/);
    expect(sdl).toMatch(/type Person @key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/risk\(date: Date\): CommunityRiskAssessment/);
    // Nullable: with risk down, a street from population keeps its other fields.
    expect(sdl).toMatch(/riskSummary\(date: Date\): RiskSummary @/);
    expect(sdl).toMatch(/credit: EnterpriseCredit/);
  });
});
