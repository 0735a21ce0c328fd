import { GraphQLScalarType } from 'graphql';

type ResolverMap = Record<string, unknown>;

/**
 * Joins a department's resolver files into one map, type by type and field by field. Object spreads
 * let a second file silently replace a `Query` or `Mutation` field (or a whole type) of the first;
 * here a field or scalar given twice is an error at start, naming both.
 */
export function mergeResolvers<T extends object>(...parts: Array<Partial<T>>): T {
  const merged: Record<string, ResolverMap | GraphQLScalarType> = {};
  const givenBy = new Map<string, number>();
  parts.forEach((part, index) => {
    for (const [type, value] of Object.entries(part as ResolverMap)) {
      if (value === undefined) continue;
      if (value instanceof GraphQLScalarType || merged[type] instanceof GraphQLScalarType) {
        if (type in merged) throw duplicate(type, givenBy.get(type)!, index);
        merged[type] = value as GraphQLScalarType;
        givenBy.set(type, index);
        continue;
      }
      const fields = (merged[type] ??= {}) as ResolverMap;
      for (const [field, resolver] of Object.entries(value as ResolverMap)) {
        const name = `${type}.${field}`;
        if (field in fields) throw duplicate(name, givenBy.get(name)!, index);
        fields[field] = resolver;
        givenBy.set(name, index);
      }
    }
  });
  return merged as T;
}

function duplicate(name: string, first: number, second: number): Error {
  return new Error(
    `Resolver ${name} is given by part ${first + 1} and again by part ${second + 1}`,
  );
}
