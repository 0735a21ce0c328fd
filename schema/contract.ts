import { readFileSync } from 'node:fs';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { z } from 'zod';
import { RELEASED_FOLDER } from './api-schema.js';

/** A breaking change declared on purpose, with the reason integrators were told. */
const acceptedChangesSchema = z.object({
  accepted: z.array(
    z.object({
      /** Inspector's change type, e.g. FIELD_REMOVED. */
      type: z.string().min(1),
      /** The schema coordinate, e.g. Person.healthCode. */
      path: z.string().min(1),
      reason: z.string().min(10, 'say why, as the CHANGELOG will'),
    }),
  ),
});
export type AcceptedChanges = z.infer<typeof acceptedChangesSchema>;

export const RELEASED_API_SCHEMA_FILE = new URL('api-schema.graphql', RELEASED_FOLDER);
export const ACCEPTED_CHANGES_FILE = new URL('accepted-changes.json', RELEASED_FOLDER);

export interface ContractReport {
  /** Breaking changes nobody declared: the check fails on these. */
  undeclared: Change[];
  accepted: Change[];
  dangerous: Change[];
  safe: Change[];
  /** Deprecations without a reason that tells integrators what to use instead. */
  unexplainedDeprecations: string[];
}

/** Compares the API schema with the last released one. */
export async function checkContract(
  releasedSdl: string,
  currentSdl: string,
  acceptedChanges: AcceptedChanges = { accepted: [] },
): Promise<ContractReport> {
  const changes = await diff(buildSchema(releasedSdl), buildSchema(currentSdl));
  const isAccepted = (change: Change) =>
    acceptedChanges.accepted.some(
      (entry) => entry.type === change.type && entry.path === change.path,
    );
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  return {
    undeclared: breaking.filter((change) => !isAccepted(change)),
    accepted: breaking.filter(isAccepted),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking),
    unexplainedDeprecations: [
      ...currentSdl.matchAll(/(\w+)[^\n]*@deprecated(?!\(reason: "[^"]{10,})/g),
    ].map((match) => match[0].trim()),
  };
}

/** What the test prints when the check fails: each change, and how to go on. */
export function describeContractFailure(report: ContractReport): string {
  const lines: string[] = [];
  if (report.undeclared.length) {
    lines.push(
      `The API schema has ${report.undeclared.length} breaking change(s) against the last release (schema/released/api-schema.graphql):`,
      ...report.undeclared.map((c) => `  - ${c.type} at ${c.path ?? '(schema)'}: ${c.message}`),
      'Integrators\' apps break on these. Prefer an additive change and @deprecated(reason: "Use … instead.")',
      'on the old field; to break on purpose, declare each change in schema/released/accepted-changes.json',
      '({ "type", "path", "reason" }) and record it in schema/CHANGELOG.md.',
    );
  }
  if (report.unexplainedDeprecations.length) {
    lines.push(
      'Deprecations must say what to use instead (@deprecated(reason: "Use … instead.")):',
      ...report.unexplainedDeprecations.map((line) => `  - ${line}`),
    );
  }
  return lines.join('\n');
}

export function readAcceptedChanges(file: URL = ACCEPTED_CHANGES_FILE): AcceptedChanges {
  return acceptedChangesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
