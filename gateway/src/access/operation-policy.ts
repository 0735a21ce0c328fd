import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from './gateway-context.js';

export interface OperationPolicyOptions {
  /** Whether callers other than admins may introspect the schema (off in production by default). */
  introspection: boolean;
}

/**
 * Rules about whole operations, checked once the document is parsed: introspection only where it
 * is allowed, and integrators bound to registered operations run nothing else.
 */
export function operationPolicyPlugin(
  options: OperationPolicyOptions,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue, source }) {
          if (
            contextValue.registeredOperationsOnly &&
            !(await contextValue.isRegisteredOperation(source))
          ) {
            throw new GraphQLError('This key may only run registered operations.', {
              extensions: { code: 'OPERATION_NOT_REGISTERED', http: { status: 403 } },
            });
          }
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
