import { parse, type FieldNode, type SelectionSetNode } from 'graphql';
import type { RawResponse } from './subgraph-fetcher.js';

// One error per field that will be missing, up to this many; a big list of entities gets the rest
// in one error without a path rather than thousands of lines.
const MAX_PATHED_ERRORS = 50;

/**
 * The answer of a subgraph that could not be reached: no data, and an error at the path of each
 * field it would have provided, so that the gateway nulls those fields only and says why.
 */
export function unavailable(subgraph: string, body: string | undefined, why: string): RawResponse {
  const message = `The ${subgraph} service is unavailable.`;
  const extensions = { code: 'SUBGRAPH_UNAVAILABLE', serviceName: subgraph, reason: why };
  const paths = missingFieldPaths(body);
  const errors: Array<{ message: string; path?: Array<string | number>; extensions: object }> =
    paths.slice(0, MAX_PATHED_ERRORS).map((path) => ({ message, path, extensions }));
  if (errors.length === 0 || paths.length > MAX_PATHED_ERRORS) errors.push({ message, extensions });
  return {
    status: 200,
    headers: [['content-type', 'application/json']],
    text: JSON.stringify({ data: null, errors }),
  };
}

/** The response paths of the top-level fields a subgraph operation asks for. */
function missingFieldPaths(body: string | undefined): Array<Array<string | number>> {
  try {
    const { query, variables } = JSON.parse(body ?? '') as {
      query: string;
      variables?: { representations?: unknown[] };
    };
    const operation = parse(query).definitions[0];
    if (!operation || operation.kind !== 'OperationDefinition') return [];
    const roots = fieldsOf(operation.selectionSet);
    const entities = roots.find((field) => field.name.value === '_entities');
    if (!entities) return roots.map((field) => [responseName(field)]);
    const names = [...new Set(fieldsOf(entities.selectionSet!).map(responseName))];
    const count = Math.min(variables?.representations?.length ?? 0, MAX_PATHED_ERRORS + 1);
    const paths: Array<Array<string | number>> = [];
    for (let index = 0; index < count; index += 1)
      for (const name of names) paths.push([responseName(entities), index, name]);
    return paths;
  } catch {
    return [];
  }
}

function fieldsOf(selectionSet: SelectionSetNode): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === 'Field') return selection.name.value === '__typename' ? [] : [selection];
    if (selection.kind === 'InlineFragment') return fieldsOf(selection.selectionSet);
    return [];
  });
}

function responseName(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}
