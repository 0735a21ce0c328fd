import type { PersonalDataRead } from '@cityhub/kit';

export interface DbPersonalDataReadRow extends PersonalDataRead {
  id: number;
}

export interface ReadFilter {
  personId?: string | null;
  callerId?: string | null;
  department?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface ReadConnectionParent {
  filter: ReadFilter;
  limit: number;
  afterKey: string | null;
  /** The page's rows plus one, fetched once however many fields ask. */
  rows: () => Promise<DbPersonalDataReadRow[]>;
}

export interface AuditPersonParent {
  id: string;
}
