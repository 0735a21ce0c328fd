import type { InputProblem } from '@cityhub/kit';
import {
  getVariableValues,
  Kind,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ApiKey } from '../access/api-key-store.js';
import {
  DOCUMENT_ID_SHAPE,
  type TrustedDocument,
  type TrustedDocumentStore,
} from '../access/trusted-documents.js';

export interface ExportRequest {
  document: TrustedDocument;
  variables: Record<string, unknown>;
}

export type Refusal = { status: number; code: string; problems: InputProblem[] };

/**
 * Checks what a caller asks to export before a job is queued: a registered query the caller's key
 * may run, and variables the operation accepts (by the schema the gateway serves now), so that a
 * mistake is refused at once with the field it concerns instead of failing later in the queue.
 */
export async function checkExportRequest(
  body: unknown,
  options: { documents: TrustedDocumentStore; apiKey: ApiKey | null; schema: GraphQLSchema | null },
): Promise<ExportRequest | Refusal> {
  const input = (body ?? {}) as { documentId?: unknown; variables?: unknown };
  const documentId = input.documentId;
  if (typeof documentId !== 'string' || !DOCUMENT_ID_SHAPE.test(documentId))
    return badInput('documentId', 'must be the 64 hexadecimal digits of a registered document');
  const variables = input.variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    return badInput('variables', 'must be an object of the operation’s variables');
  const document = options.apiKey
    ? await options.documents.find(options.apiKey.application, documentId)
    : await options.documents.findAny(documentId);
  if (!document)
    return {
      status: 404,
      code: 'PERSISTED_QUERY_NOT_FOUND',
      problems: [{ field: 'documentId', reason: 'is no registered operation this caller may run' }],
    };
  const operation = operationOf(document.document);
  if (operation?.operation !== 'query')
    return badInput('documentId', 'is not a query: only queries can be exported');
  if (!options.schema)
    return {
      status: 503,
      code: 'SCHEMA_NOT_LOADED',
      problems: [{ field: 'documentId', reason: 'cannot be checked yet' }],
    };
  const checked = getVariableValues(
    options.schema,
    operation.variableDefinitions ?? [],
    variables as Record<string, unknown>,
  );
  if (checked.errors)
    return {
      status: 400,
      code: 'BAD_USER_INPUT',
      problems: checked.errors.map((error) => ({
        field: `variables.${/Variable "\$(\w+)"/.exec(error.message)?.[1] ?? ''}`.replace(
          /\.$/,
          '',
        ),
        reason: error.message,
      })),
    };
  return { document, variables: variables as Record<string, unknown> };
}

export function operationOf(document: string): OperationDefinitionNode | undefined {
  return parse(document).definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
}

function badInput(field: string, reason: string): Refusal {
  return { status: 400, code: 'BAD_USER_INPUT', problems: [{ field, reason }] };
}
