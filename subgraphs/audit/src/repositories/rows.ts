import type { Caller, LazyConnectionParent, PersonalDataAccess } from '@cityhub/kit';

/** One audit record, as a camelCase record (the store selects its columns under camelCase aliases). */
export interface DbPersonalDataReadRow {
  id: number;
  readAt: Date;
  callerKind: Caller['kind'];
  callerId: string;
  department: string | null;
  purpose: string | null;
  purposeNote: string | null;
  operation: string | null;
  subgraph: string;
  personId: string | null;
  fields: string[];
  access: PersonalDataAccess;
  documentSha256: string | null;
}

export interface ReadFilter {
  personId?: string | null;
  callerId?: string | null;
  department?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export type ReadConnectionParent = LazyConnectionParent<DbPersonalDataReadRow>;

export interface AuditPersonParent {
  id: string;
}
