import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { describeSubgraphSchema } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, {
  keys: {
    Person: 'id (reference)',
    City: 'code',
    District: 'code',
    Street: 'code',
    Community: 'code',
    Enterprise: 'creditCode',
  },
});

describe('risk schema', () => {
  it('extends the shared entities with nullable fields', () => {
    const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout
    expect(sdl).toMatch(/risk\(date: Date\): CommunityRiskAssessment/);
    // Nullable: with risk down, a street from population keeps its other fields.
    expect(sdl).toMatch(/riskSummary\(date: Date\): RiskSummary @/);
    expect(sdl).toMatch(/credit: EnterpriseCredit/);
  });
});
