import { buildSubgraphSchema } from '@apollo/subgraph';
import { readTypeDefs } from '@cityhub/kit';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { undocumented } from '../../../test/support/schema-documentation.js';
import { subgraph } from '../src/index.js';
import { CATEGORIES, INITIAL_RULES, LEVELS, PRIORITIES, ruleFor, unitAt } from '../src/routing.js';

describe('dispatch schema', () => {
  const schema = buildSubgraphSchema({
    typeDefs: readTypeDefs(subgraph),
    resolvers: subgraph.resolvers as never,
  });
  const sdl = print(readTypeDefs(subgraph));
  const values = (name: string) =>
    (schema.getType(name) as any).getValues().map((value: { name: string }) => value.name);

  it('documents every type, field and enum value', () => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('keys the order and extends the other departments’ entities', () => {
    for (const key of [
      'WorkOrder @key(fields: "id")',
      'Street @key(fields: "code")',
      'Community @key(fields: "code")',
      'Enterprise @key(fields: "creditCode")',
      'Site @key(fields: "id")',
      'Person @key(fields: "id", resolvable: false)',
    ])
      expect(sdl).toContain(`type ${key}`);
  });

  it('speaks the same vocabulary as the database and the rules', () => {
    expect(values('WorkOrderCategory')).toEqual([...CATEGORIES]);
    expect(values('WorkOrderPriority')).toEqual([...PRIORITIES]);
    expect(values('WorkOrderLevel')).toEqual([...LEVELS]);
  });

  it('marks the hotline caller as personal data and the counts as aggregates', () => {
    const fields = (type: string) => (schema.getType(type) as any).getFields();
    const directive = (type: string, field: string, name: string) =>
      fields(type)[field].astNode.directives.find((d: any) => d.name.value === name);
    expect(directive('WorkOrder', 'callerPhone', 'pii').arguments[0].value.value).toBe('PHONE');
    expect(directive('WorkOrder', 'callerName', 'pii').arguments[0].value.value).toBe('NAME');
    for (const field of ['open', 'overdue', 'resolvedLast30Days'])
      expect(directive('WorkOrderStats', field, 'aggregate'), field).toBeDefined();
  });
});

describe('routing', () => {
  it('a red community goes to its street within 2 hours; without a rule, the street within a day', () => {
    expect(ruleFor(INITIAL_RULES.rules, 'RED_COMMUNITY', 'URGENT')).toMatchObject({
      level: 'STREET',
      deadlineMinutes: 120,
    });
    // No NORMAL rule for red communities: the category's most urgent one.
    expect(ruleFor(INITIAL_RULES.rules, 'RED_COMMUNITY', 'NORMAL').deadlineMinutes).toBe(120);
    expect(ruleFor([], 'OTHER', 'NORMAL')).toEqual({ level: 'STREET', deadlineMinutes: 1440 });
  });

  it('the grid is the community; an order without one goes to its street', () => {
    const place = { streetCode: '310104003', communityCode: '3101040030001' };
    expect(unitAt('GRID', place)).toEqual({ level: 'GRID', unit: '3101040030001' });
    expect(unitAt('GRID', { ...place, communityCode: null })).toEqual({
      level: 'STREET',
      unit: '310104003',
    });
    expect(unitAt('DISTRICT', place)).toEqual({ level: 'DISTRICT', unit: '310104' });
  });
});
