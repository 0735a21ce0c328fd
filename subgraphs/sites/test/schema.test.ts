import { print } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';

describe('sites schema', () => {
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('keys the entities as the other departments expect', () => {
    expect(sdl).toMatch(/type Site @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Person @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Street @key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Enterprise @key\(fields: "creditCode"\)/);
    expect(sdl).toMatch(/keyRegionWorkerArrivals\(\s*"[^"]*"\s*from: Date!/);
    expect(schema.getType('ScreeningStatus')!.toString()).toBe('ScreeningStatus');
  });

  it('marks personal data and guards rows with scopes', () => {
    const fields = (type: string) => (schema.getType(type) as any).getFields();
    for (const [type, field, kind] of [
      ['ReportedWorker', 'idNumber', 'ID_NUMBER'],
      ['ReportedWorker', 'name', 'NAME'],
      ['ScreeningCase', 'workerName', 'NAME'],
    ] as const) {
      const pii = fields(type)[field].astNode.directives.find((d: any) => d.name.value === 'pii');
      expect(pii?.arguments[0].value.value, `${type}.${field}`).toBe(kind);
    }
    for (const field of [
      'site',
      'sites',
      'screeningCases',
      'keyRegionWorkerArrivals',
      'sitesNotReported',
    ]) {
      expect(
        fields('Query')[field].astNode.directives.map((d: any) => d.name.value),
        field,
      ).toContain('requiresScopes');
    }
  });
});
