import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import {
  Kind,
  OperationTypeNode,
  getVariableValues,
  parse,
  print,
  visit,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { documentIdOf } from '../access/trusted-documents.js';
import type { RawResponse } from '../subgraph-fetcher.js';
import { answerShapeOf, passesUnchanged } from './answer-shape.js';

type PlanResolved = Parameters<Experimental_DidResolveQueryPlanCallback>[0];

/**
 * An operation the fast path serves: a query whose plan is one fetch from one subgraph, asking that
 * subgraph for exactly what the client asked. Learned once from the full pipeline, after every
 * check of the document passed (parsing, validation and its limits, the operation policy).
 */
export class FastOperation {
  private documentIdValue: string | null = null;

  constructor(
    /** The API schema it was planned against: a supergraph reload makes it stale. */
    readonly schema: GraphQLSchema,
    readonly query: string,
    /** The operation's own name (metrics, the identity's operation). */
    readonly operationName: string | null,
    readonly variableDefinitions: readonly VariableDefinitionNode[],
    readonly subgraph: string,
    private readonly fetch: { operation: string; operationName?: string; variables: string[] },
    private readonly shape: NonNullable<ReturnType<typeof answerShapeOf>>,
  ) {}

  /** The trusted-document id of the document (for keys bound to their registered documents). */
  get documentId(): string {
    return (this.documentIdValue ??= documentIdOf(this.query));
  }

  /** Whether the variables are valid for the operation (the gateway checks them before planning). */
  variablesValid(variables: Record<string, unknown> | undefined): boolean {
    if (this.variableDefinitions.length === 0) return true;
    return !getVariableValues(this.schema, this.variableDefinitions, variables ?? {}).errors;
  }

  /** The subgraph request body, as the gateway's data source writes it. */
  bodyFor(variables: Record<string, unknown> | undefined): string {
    const sent: Record<string, unknown> = Object.create(null);
    for (const name of this.fetch.variables)
      if (variables && Object.hasOwn(variables, name) && variables[name] !== undefined)
        sent[name] = variables[name];
    return JSON.stringify({
      query: this.fetch.operation,
      variables: sent,
      operationName: this.fetch.operationName,
    });
  }

  /**
   * The client's answer made from the subgraph's, when the full pipeline would make the same bytes:
   * a 200 with `data` alone (no errors, no extensions), of the operation's exact shape, without a
   * cache policy of its own (Apollo Server then sends `no-store`). Else null.
   */
  answerFrom(raw: RawResponse): string | null {
    const { status, text, headers } = raw;
    if (status !== 200 || headers.some(([name]) => name === 'cache-control')) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof body !== 'object' || body === null) return null;
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== 'data') return null;
    const { data } = body as { data: unknown };
    if (!passesUnchanged(data, this.shape)) return null;
    return `${JSON.stringify({ data })}\n`;
  }
}

/** The fast operation of a resolved plan, or null when the plan or the document does not qualify. */
export function fastOperationOf({ queryPlan, requestContext }: PlanResolved): FastOperation | null {
  const { request, document, schema, operation } = requestContext;
  const node = queryPlan.node;
  if (!node || node.kind !== 'Fetch' || !request.query || !operation) return null;
  if (operation.operation !== OperationTypeNode.QUERY || document.definitions.length !== 1)
    return null;
  if (node.requires?.length || node.inputRewrites?.length || node.outputRewrites?.length)
    return null;
  if (node.contextRewrites?.length || node.hasDefers || node.operationKind !== 'query') return null;
  if (!pagesAreLiteral(operation)) return null;
  const subgraphOperation = parse(node.operation).definitions[0];
  if (subgraphOperation?.kind !== Kind.OPERATION_DEFINITION) return null;
  // The subgraph is asked for exactly what the client asked, so its answer is the client's.
  if (print(subgraphOperation.selectionSet) !== print(operation.selectionSet)) return null;
  const root = schema.getQueryType();
  const shape = root ? answerShapeOf(operation.selectionSet, root) : null;
  if (!shape) return null;
  return new FastOperation(
    schema,
    request.query,
    operation.name?.value ?? null,
    operation.variableDefinitions ?? [],
    node.serviceName,
    {
      operation: node.operation,
      operationName: node.operationName,
      variables: node.variableUsages ?? [],
    },
    shape,
  );
}

/** Whether no page size comes from a variable: the query's cost is then the same for all requests. */
function pagesAreLiteral(operation: OperationDefinitionNode): boolean {
  let literal = true;
  visit(operation, {
    [Kind.ARGUMENT](argument) {
      if (argument.name.value === 'first' && argument.value.kind !== Kind.INT) literal = false;
    },
  });
  return literal;
}
