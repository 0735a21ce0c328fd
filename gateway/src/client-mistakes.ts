import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { inputGuardPlugin } from '@cityhub/kit';
import { GraphQLError, Kind } from 'graphql';

/**
 * Requests that are the client's mistake get 400 with a code that says which, as the
 * GraphQL-over-HTTP spec asks, instead of reaching the gateway's executor and coming back as 500:
 * no operation picked among several, an operationName that names none, a subscription (the hub
 * serves queries and mutations over HTTP only), text with NUL characters.
 */
export function clientMistakesPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const guard = inputGuardPlugin<TContext>();
  return {
    async requestDidStart(requestContext) {
      const guardListener = await guard.requestDidStart!(requestContext);
      return {
        async didResolveOperation(context) {
          const { document, operation, request } = context;
          if (!operation) {
            const operations = document.definitions.filter(
              (definition) => definition.kind === Kind.OPERATION_DEFINITION,
            ).length;
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}".`
                : `The document holds ${operations} operations: say which to run in operationName.`,
              {
                extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
              },
            );
          }
          if (operation.operation === 'subscription')
            throw new GraphQLError(
              'Subscriptions are not served over HTTP; use a query or a mutation.',
              { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
            );
          await guardListener?.didResolveOperation?.(context);
        },
      };
    },
  };
}
