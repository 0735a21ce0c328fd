import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from './gateway-context.js';

export interface OperationPolicyOptions {
  /** Whether callers other than admins may introspect the schema (off in production by default). */
  introspection: boolean;
}

/**
 * Rules about whole operations, checked once the document is parsed: introspection only where it
 * is allowed. (Keys bound to trusted documents: see trusted-documents-plugin.ts.)
 */
export function operationPolicyPlugin(
  options: OperationPolicyOptions,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (
            !options.introspection &&
            !contextValue.caller.roles.includes('admin') &&
            introspects(document)
          ) {
            throw new GraphQLError('Introspection is not allowed for this caller.', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}
