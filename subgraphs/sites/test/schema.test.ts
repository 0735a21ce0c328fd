import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '@cityhub/kit';
import { describeSubgraphSchema, subgraphSchemaOf } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeSubgraphSchema(subgraph, {
  keys: {
    City: 'code',
    District: 'code',
    Site: 'id',
    Person: 'id',
    Street: 'code',
    Enterprise: 'creditCode',
  },
});

describe('sites schema', () => {
  const schema = subgraphSchemaOf(subgraph);
  const sdl = print(readTypeDefs(subgraph)); // printed: one field per line, whatever the file's layout

  it('takes the arguments the other departments send', () => {
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
