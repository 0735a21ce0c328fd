import {
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

const FEDERATION_TYPES = new Set([
  '_Service',
  '_Any',
  '_Entity',
  'FieldSet',
  'link__Import',
  'link__Purpose',
  'federation__Scope',
  'federation__Policy',
  '_FieldSet',
  'federation__FieldSet',
  'federation__ContextFieldValue',
]);

/** Every type and field a subgraph declares must have a description: the schema is the documentation. */
export function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type) || FEDERATION_TYPES.has(type.name))
      continue;
    if (['Query', 'Mutation', 'Subscription'].includes(type.name)) {
      // Root types need no description of their own, only their fields.
    } else if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (['_service', '_entities'].includes(field.name)) continue;
        if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues())
        if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}
