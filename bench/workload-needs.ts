import { Kind, parse } from 'graphql';
import type { WorkloadNeeds } from './workload.js';

/** Why a workload cannot run yet (a subgraph or field not registered), or null when it can. */
export function missingNeeds(
  needs: WorkloadNeeds,
  registered: string[],
  supergraphSdl: string,
): string | null {
  const subgraphs = needs.subgraphs.filter((name) => !registered.includes(name));
  if (subgraphs.length)
    return `subgraph${subgraphs.length > 1 ? 's' : ''} ${subgraphs.join(', ')} not registered in schema/subgraphs.ts yet`;
  if (!needs.fields?.length) return null;
  const fields = new Set<string>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION
    ) {
      for (const field of definition.fields ?? [])
        fields.add(`${definition.name.value}.${field.name.value}`);
    }
  }
  const absent = needs.fields.filter((coordinate) => !fields.has(coordinate));
  return absent.length ? `${absent.join(', ')} not in the supergraph yet` : null;
}
