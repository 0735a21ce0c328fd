import {
  Kind,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';

/** One field of the answer: its response name, type, and what it selects when it is an object. */
interface FieldShape {
  responseName: string;
  /** `__typename`: the value must be this name. */
  typename: string | null;
  type: GraphQLOutputType;
  fields: FieldShape[] | null;
}

/**
 * The shape of an operation's answer, for operations the fast path serves: plain fields of object
 * types, no fragments, no directives, no abstract types. Null for any other operation.
 */
export function answerShapeOf(
  selectionSet: SelectionSetNode,
  parent: GraphQLObjectType,
): FieldShape[] | null {
  const fields: FieldShape[] = [];
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return null;
    const responseName = selection.alias?.value ?? selection.name.value;
    if (names.has(responseName)) return null;
    names.add(responseName);
    if (selection.name.value === '__typename') {
      fields.push({ responseName, typename: parent.name, type: parent, fields: null });
      continue;
    }
    const field = parent.getFields()[selection.name.value];
    if (!field) return null;
    let named: GraphQLOutputType = field.type;
    while (isNonNullType(named) || isListType(named)) named = named.ofType;
    let below: FieldShape[] | null = null;
    if (isObjectType(named)) {
      if (!selection.selectionSet) return null;
      below = answerShapeOf(selection.selectionSet, named);
      if (!below) return null;
    } else if (!isScalarType(named) && !isEnumType(named)) return null;
    fields.push({ responseName, typename: null, type: field.type, fields: below });
  }
  return fields;
}

/**
 * Whether `data` is an answer that the gateway's result shaping would pass on unchanged: every
 * selected field present, in order and nothing else, no null where the schema says non-null, every
 * leaf a valid value of its type (the rules of @apollo/gateway's resultShaping.ts). Anything else
 * is left to the full pipeline.
 */
export function passesUnchanged(data: unknown, shape: FieldShape[]): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const object = data as Record<string, unknown>;
  let index = 0;
  for (const key in object) {
    const field = shape[index];
    if (!field || field.responseName !== key) return false;
    index += 1;
    const value = object[key];
    if (field.typename !== null ? value !== field.typename : !valueFits(value, field.type, field))
      return false;
  }
  return index === shape.length;
}

function valueFits(value: unknown, type: GraphQLOutputType, field: FieldShape): boolean {
  if (isNonNullType(type)) return value !== null && valueFits(value, type.ofType, field);
  if (value === null) return true;
  if (isListType(type)) {
    if (!Array.isArray(value)) return false;
    for (const item of value) if (!valueFits(item, type.ofType, field)) return false;
    return true;
  }
  if (field.fields) return passesUnchanged(value, field.fields);
  if (isEnumType(type)) return typeof value === 'string' && type.getValue(value) !== undefined;
  if (!isScalarType(type)) return false;
  if (!isSpecifiedScalarType(type)) return true;
  switch (type.name) {
    case 'Boolean':
      return typeof value === 'boolean';
    case 'ID':
      return typeof value === 'string' || isInteger(value);
    case 'Int':
      return isInteger(value);
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'string';
  }
}

/** An integer as @apollo/federation-internals' isValidLeafValue takes it. */
function isInteger(value: unknown): boolean {
  return (
    typeof value === 'number' && Number.isFinite(value) && /^-?(?:0|[1-9][0-9]*)$/.test(`${value}`)
  );
}
