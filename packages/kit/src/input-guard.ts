import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * Where a request carries a NUL character: PostgreSQL cannot store one in text and fails the
 * statement, so such input is refused as the client's mistake before any SQL is sent.
 * Returns the variable path or "query" for a literal, or null when the request is clean.
 */
export function nulCharacterIn(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): string | null {
  let inLiteral = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) inLiteral = true;
    },
  });
  if (inLiteral) return 'query';
  return variables ? nulInValue(variables, '$') : null;
}

function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulInValue(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes('\u0000')) return `${path}.${key}`;
      const found = nulInValue(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses, with 400 BAD_USER_INPUT, any operation whose variables or literals hold a NUL character. */
export function inputGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = nulCharacterIn(document, request.variables);
          if (where)
            throw new GraphQLError(`Invalid ${where}: text may not contain NUL characters.`, {
              extensions: {
                code: 'BAD_USER_INPUT',
                argumentName: where,
                reason: 'contains a NUL character',
                http: { status: 400 },
              },
            });
        },
      };
    },
  };
}
