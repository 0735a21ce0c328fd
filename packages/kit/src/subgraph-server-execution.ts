import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  execute,
  getVariableValues,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** Runs of one document (and operation) by graphql-js before it is compiled: hot ones only. */
const COMPILE_AFTER_RUNS = 2;
/** Compiled operations at most per subgraph; beyond, new documents run on graphql-js. */
const MAX_COMPILED = 500;

interface DocumentRuns {
  runs: number;
  /** The compiled operation; null when graphql-jit could not compile it (graphql-js runs it). */
  compiled: CompiledQuery | null | undefined;
}

/**
 * Compiled execution for a subgraph's hot operations: Apollo Server takes it as its "gateway" (the
 * one way to give it another executor), with the subgraph's own schema. A document run twice is
 * compiled by graphql-jit into a JavaScript function of its operation, and runs through it from
 * then on; the rest, a document that does not compile, and variables that do not coerce (so that
 * their errors are graphql-js's own), run on graphql-js as before. The resolvers are the schema's,
 * access rules, masking and audit included. Errors are handed on as graphql-js GraphQLErrors.
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const byDocument = new WeakMap<DocumentNode, Map<string, DocumentRuns>>();
  let compiledCount = 0;
  const compiledFor = (document: DocumentNode, operationName: string | undefined) => {
    let runsByName = byDocument.get(document);
    if (!runsByName) byDocument.set(document, (runsByName = new Map()));
    const name = operationName ?? '';
    let entry = runsByName.get(name);
    if (!entry) runsByName.set(name, (entry = { runs: 0, compiled: undefined }));
    if (entry.compiled !== undefined) return entry.compiled;
    entry.runs += 1;
    if (entry.runs < COMPILE_AFTER_RUNS || compiledCount >= MAX_COMPILED) return null;
    const result = compileQuery(schema, document, operationName);
    entry.compiled = isCompiledQuery(result) ? result : null;
    if (entry.compiled) compiledCount += 1;
    return entry.compiled;
  };
  const executor: Executor = async (requestContext) => {
    const { document, request, operation, context } = requestContext;
    const compiled = operation ? compiledFor(document, request.operationName) : null;
    const variables = request.variables ?? {};
    if (
      compiled &&
      !getVariableValues(schema, operation!.variableDefinitions ?? [], variables).errors
    ) {
      const result = await compiled.query(undefined, context, variables);
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
    }
    return execute({
      schema,
      document,
      contextValue: context,
      variableValues: request.variables,
      operationName: request.operationName,
    }) as Promise<ExecutionResult> | ExecutionResult;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}

/** graphql-jit's errors as graphql-js's, with the same message, locations, path and cause. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error instanceof GraphQLError) return error;
  // graphql-jit's own error class: GraphQLError's fields on a plain Error.
  const jit = error as Pick<
    GraphQLError,
    'message' | 'locations' | 'path' | 'originalError' | 'extensions'
  >;
  const made = new GraphQLError(jit.message, {
    path: jit.path,
    originalError: jit.originalError ?? undefined,
    extensions: jit.extensions,
  });
  if (jit.locations?.length) (made as { locations?: unknown }).locations = jit.locations;
  return made;
}
