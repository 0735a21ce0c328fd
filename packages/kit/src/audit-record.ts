import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Caller } from './caller.js';

/** `unmasked`: personal data left the hub; `masked`: the caller learnt that the person exists (or saw masked fields). */
export type PersonalDataAccess = 'unmasked' | 'masked';

/** One request's access to one person's data: who, why, which fields, how, when, by which document. */
export interface PersonalDataRead {
  read_at: Date;
  caller_kind: Caller['kind'];
  caller_id: string;
  department: string | null;
  /** The registered purpose code the caller stated. */
  purpose: string | null;
  /** The caller's own words on it (x-purpose-note), decoded. */
  purpose_note: string | null;
  operation: string | null;
  subgraph: string;
  person_id: string | null;
  fields: string[];
  access: PersonalDataAccess;
  /** SHA-256 (hex) of the GraphQL document the subgraph executed. */
  document_sha256: string | null;
}

export function documentSha256(document: string | undefined | null): string | null {
  return document ? createHash('sha256').update(document).digest('hex') : null;
}

/** The audit cannot be written: personal data are withheld rather than served unrecorded. */
export class AuditUnavailableError extends GraphQLError {
  constructor(reason: string) {
    super(`The audit log cannot be written (${reason}); personal data are withheld.`, {
      extensions: { code: 'AUDIT_UNAVAILABLE', reason },
    });
  }
}

/** PostgreSQL refused the data (classes 22 and 23), not the connection: one bad record. */
export function isRecordError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
