import {
  getNamedType,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { COUNT_WINDOWS, NO_BINS, type CountBins, type CountWindow } from './disclosure.js';
import { PII_KINDS, type PiiKind } from './masking.js';

/** What the schema's directives demand of a field, gathered from the field, its type and its return type. */
export interface FieldRule {
  public: boolean;
  authenticated: boolean;
  /** Each entry is one @requiresScopes: a list of alternatives, each a set of scopes needed together. */
  scopeRequirements: string[][][];
  pii: PiiKind | null;
  aggregate: boolean;
  /** The fixed bins an @aggregate count's window or range must fall on. */
  bins: CountBins;
}

const ROOT_TYPES = new Set(['Query', 'Mutation']);
const FEDERATION_ROOT_FIELDS = new Set(['_service']);

/** The rule of a field, read from the directives on it, on its type and on the type it returns. */
export function ruleFor(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): FieldRule {
  const returned = getNamedType(field.type);
  const directives = [
    ...directivesOf(field.astNode),
    ...directivesOf(parent.astNode, parent.extensionASTNodes),
    ...(isObjectType(returned) ? directivesOf(returned.astNode, returned.extensionASTNodes) : []),
  ];
  const isRootField = ROOT_TYPES.has(parent.name) && !FEDERATION_ROOT_FIELDS.has(field.name);
  const own = directivesOf(field.astNode);
  const isPublic = own.some((d) => d.name.value === 'public');
  const piiDirective = own.find((d) => d.name.value === 'pii');
  const piiKind = piiDirective ? stringArgument(piiDirective, 'kind') : null;
  if (piiKind && !PII_KINDS.includes(piiKind as PiiKind))
    throw new Error(`${parent.name}.${field.name}: unknown @pii kind ${piiKind}`);
  const aggregate = own.find((d) => d.name.value === 'aggregate');
  return {
    public: isPublic,
    authenticated:
      !isPublic && (isRootField || directives.some((d) => d.name.value === 'authenticated')),
    scopeRequirements: isPublic
      ? []
      : directives.filter((d) => d.name.value === 'requiresScopes').map(scopesArgument),
    pii: (piiKind as PiiKind | null) ?? null,
    aggregate: !!aggregate,
    bins: aggregate ? binsOf(aggregate) : NO_BINS,
  };
}

function binsOf(directive: ConstDirectiveNode): CountBins {
  const window = stringArgument(directive, 'window');
  if (window !== null && !COUNT_WINDOWS.includes(window as CountWindow))
    throw new Error(`@aggregate: unknown window ${window}`);
  const bands = directive.arguments?.find((a) => a.name.value === 'bands');
  const part = stringArgument(directive, 'shareOf');
  const countWhole = stringArgument(directive, 'perCount');
  const fixedWhole = stringArgument(directive, 'per');
  if (part !== null && (countWhole === null) === (fixedWhole === null))
    throw new Error('@aggregate: shareOf needs exactly one of perCount and per');
  return {
    atLeast: stringArgument(directive, 'atLeast'),
    share:
      part === null
        ? null
        : { part, whole: (countWhole ?? fixedWhole)!, wholeIsCount: countWhole !== null },
    window: window as CountWindow | null,
    bandArgument: stringArgument(directive, 'bandArgument'),
    rowCount: stringArgument(directive, 'rowCount'),
    bands:
      bands?.value.kind === 'ListValue'
        ? bands.value.values.flatMap((v) => (v.kind === 'IntValue' ? [Number(v.value)] : []))
        : [],
  };
}

function directivesOf(
  node: { directives?: readonly ConstDirectiveNode[] } | null | undefined,
  extensions: ReadonlyArray<{ directives?: readonly ConstDirectiveNode[] }> = [],
): ConstDirectiveNode[] {
  return [
    ...(node?.directives ?? []),
    ...extensions.flatMap((extension) => extension.directives ?? []),
  ];
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | null {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  return argument?.value.kind === 'StringValue' ? argument.value.value : null;
}

function scopesArgument(directive: ConstDirectiveNode): string[][] {
  const argument = directive.arguments?.find((a) => a.name.value === 'scopes');
  if (argument?.value.kind !== 'ListValue') return [];
  return argument.value.values.map((set) =>
    set.kind === 'ListValue'
      ? set.values.flatMap((scope) => (scope.kind === 'StringValue' ? [scope.value] : []))
      : [],
  );
}
