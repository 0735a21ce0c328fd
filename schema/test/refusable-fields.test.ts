import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSubgraphTypeDefs } from '@cityhub/kit/schema-includes';
import {
  Kind,
  print,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';

const SUBGRAPHS = fileURLToPath(new URL('../../subgraphs/', import.meta.url));
const ROOTS = new Set(['Query', 'Mutation']);
const REFUSING = new Set(['authenticated', 'requiresScopes']);

/** Fields whose resolvers refuse some callers (street, owner or operator rules) without a directive saying so. */
const REFUSED_BY_RESOLVER = new Set([
  'Filing.registrations',
  'Filing.history',
  'Shop.staff',
  'Enterprise.indicators',
  'Enterprise.warnings',
]);
/** Fields reached only under the rule that would refuse them (a page of a root list that demands it). */
const REACHED_ONLY_UNDER_THEIR_RULE = new Set(['ArrivalEdge.node', 'ResidentEdge.node']);

function typeName(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : typeName(type.type);
}

const refusals = (directives: readonly ConstDirectiveNode[] | undefined) =>
  (directives ?? []).filter((directive) => REFUSING.has(directive.name.value)).map(print);
const refuses = (directives: readonly ConstDirectiveNode[] | undefined) =>
  refusals(directives).length > 0;

/**
 * A refusal nulls the field refused and, when that field is non-null, everything up to the nearest
 * nullable one: a street's whole answer for one representative on another street. So a field that
 * can be refused is nullable, and the refusal lands there, with its error at that path.
 */
describe('fields that can be refused are nullable', () => {
  for (const name of readdirSync(SUBGRAPHS)) {
    it(name, () => {
      const document = readSubgraphTypeDefs(`${SUBGRAPHS}${name}/schema.graphql`);
      const typeRefusals = new Map(
        document.definitions.flatMap((definition) =>
          definition.kind === Kind.OBJECT_TYPE_DEFINITION && refuses(definition.directives)
            ? [[definition.name.value, refusals(definition.directives)] as const]
            : [],
        ),
      );
      // A rule the parent already demands refuses the parent first: it cannot land below it.
      const beyondParent = (parent: string, rules: string[]) =>
        rules.some((rule) => !(typeRefusals.get(parent) ?? []).includes(rule));
      const nonNullRefusable = document.definitions.flatMap((definition) => {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || ROOTS.has(definition.name.value))
          return [];
        return (definition.fields ?? [])
          .filter(
            (field: FieldDefinitionNode) =>
              field.type.kind === Kind.NON_NULL_TYPE &&
              !REACHED_ONLY_UNDER_THEIR_RULE.has(`${definition.name.value}.${field.name.value}`) &&
              (beyondParent(definition.name.value, refusals(field.directives)) ||
                beyondParent(definition.name.value, typeRefusals.get(typeName(field.type)) ?? []) ||
                REFUSED_BY_RESOLVER.has(`${definition.name.value}.${field.name.value}`)),
          )
          .map((field) => `${definition.name.value}.${field.name.value}`);
      });
      expect(nonNullRefusable).toEqual([]);
    });
  }
});
