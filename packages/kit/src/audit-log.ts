import { AnswerScope } from './answer-scope.js';
import type { PersonalDataAccess, PersonalDataRead } from './audit-record.js';
import type { Caller } from './caller.js';

export * from './audit-record.js';
export * from './audit-writer.js';

/** Collects a request's accesses to personal data, one record per person with the fields read. */
export class AuditRecorder {
  private readonly byPerson = new Map<string | null, { fields: Set<string>; unmasked: boolean }>();
  /** Set by the subgraph runtime once the request's document is known. */
  documentSha256: string | null = null;
  /** What the answer depended on; every recorded read makes it personal. */
  readonly answerScope = new AnswerScope();
  constructor(
    private readonly caller: Caller,
    private readonly operation: string | null,
    private readonly subgraph: string,
    /** Why the audit log cannot be written right now, or null; unmasked reads are refused meanwhile. */
    readonly unavailableReason: () => string | null = () => null,
  ) {}

  /** An unmasked read: the value leaves the hub only once this record is on disk. */
  record(personId: string | null, field: string): void {
    this.add(personId, field, true);
  }

  /** A masked field, or a lookup that tells whether a person exists. */
  recordMasked(personId: string | null, field: string): void {
    this.add(personId, field, false);
  }

  get hasUnmaskedReads(): boolean {
    for (const entry of this.byPerson.values()) if (entry.unmasked) return true;
    return false;
  }

  drain(): PersonalDataRead[] {
    const now = new Date();
    const rows = [...this.byPerson].map(([person_id, entry]) => ({
      read_at: now,
      caller_kind: this.caller.kind,
      caller_id: this.caller.id,
      department: this.caller.department,
      purpose: this.caller.purpose,
      purpose_note: this.caller.purposeNote ?? null,
      operation: this.operation,
      subgraph: this.subgraph,
      person_id,
      fields: [...entry.fields].sort(),
      access: (entry.unmasked ? 'unmasked' : 'masked') as PersonalDataAccess,
      document_sha256: this.documentSha256,
    }));
    this.byPerson.clear();
    return rows;
  }

  private add(personId: string | null, field: string, unmasked: boolean): void {
    this.answerScope.markPersonal();
    const entry = this.byPerson.get(personId);
    if (entry) {
      entry.fields.add(field);
      entry.unmasked ||= unmasked;
    } else this.byPerson.set(personId, { fields: new Set([field]), unmasked });
  }
}
