import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  isCompositeType,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';

/**
 * Query cost after the IBM GraphQL cost directive convention (`@cost`, `@listSize` with
 * `slicingArguments: ["first"]`): an object costs 2, a scalar 1, and a field that returns a page
 * multiplies what it selects by its `first` (the argument's default when not given). Without this,
 * `first: 500` three levels deep cost the same as `first: 1`. Variables are known here, unlike in a
 * validation rule, so `first: $n` counts what `$n` is.
 */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
              .map((fragment) => [fragment.name.value, fragment]),
          );
          const root =
            operation.operation === 'mutation'
              ? schema.getMutationType()
              : operation.operation === 'subscription'
                ? schema.getSubscriptionType()
                : schema.getQueryType();
          if (!root) return;
          const cost = selectionCost(
            schema,
            root,
            operation.selectionSet,
            fragments,
            request.variables ?? {},
            maxCost,
          );
          if (cost > maxCost)
            throw new GraphQLError(
              `The query costs ${Number.isFinite(cost) ? Math.round(cost) : 'too much'}, above the limit of ${maxCost}: ask for smaller pages (first) or fewer nested lists.`,
              {
                extensions: {
                  code: 'QUERY_TOO_COSTLY',
                  cost: Number.isFinite(cost) ? Math.round(cost) : null,
                  maxCost,
                  http: { status: 400 },
                },
              },
            );
        },
      };
    },
  };
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  budget: number,
  depth = 0,
): number {
  // Fragment cycles are refused by validation; the depth bound keeps this total anyway.
  if (depth > 64) return Infinity;
  const type = getNamedType(parent);
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === 'Field') {
      const field =
        'getFields' in type
          ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)[
              selection.name.value
            ]
          : undefined;
      if (!field) continue;
      const own = isCompositeType(getNamedType(field.type)) ? 2 : 1;
      const below = selection.selectionSet
        ? selectionCost(
            schema,
            field.type,
            selection.selectionSet,
            fragments,
            variables,
            budget,
            depth + 1,
          )
        : 0;
      total += listSize(field, selection, variables) * (own + below);
    } else {
      const fragment =
        selection.kind === 'FragmentSpread' ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? schema.getType(fragment.typeCondition.name.value)
        : type;
      if (!condition) continue;
      total += selectionCost(
        schema,
        condition,
        fragment.selectionSet,
        fragments,
        variables,
        budget,
        depth + 1,
      );
    }
    if (total > budget) return total;
  }
  return total;
}

/** How many items a field multiplies its selection by: its `first`, for a page or a list. */
function listSize(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): number {
  const first = field.args.find((argument) => argument.name === 'first');
  if (!first) return 1;
  const given = node.arguments?.find((argument) => argument.name.value === 'first');
  const value = given ? valueFromAST(given.value, first.type, variables) : first.defaultValue;
  // A plain list with `first` and a connection both return up to `first` items.
  return typeof value === 'number' && value > 0 ? value : 1;
}
