import { BadUserInputError, ConflictError, hubEvent, type Caller } from '@cityhub/kit';
import type { DbScreeningCaseRow } from '../repositories/rows.js';
import type { ScreeningStore } from '../repositories/screening-store.js';
import { requireSiteInView } from './access.js';

const MAX_CERTIFICATE_LENGTH = 64;
const MAX_NOTE_LENGTH = 1_000;

export interface ResolveCaseInput {
  caseId: string;
  outcome: 'VERIFIED' | 'CLEARED';
  certificateNumber?: string | null;
  note?: string | null;
}

/** A supervisor closes a case, once: who checked and which certificate stay on the record. */
export class ScreeningManager {
  constructor(
    private readonly screening: ScreeningStore,
    private readonly caller: Caller,
  ) {}

  async resolve(input: ResolveCaseInput): Promise<DbScreeningCaseRow | null> {
    if (!/^\d{1,18}$/.test(input.caseId)) return null;
    const certificate = input.certificateNumber?.trim() || null;
    const note = input.note?.trim() || null;
    if (input.outcome === 'VERIFIED' && !certificate)
      throw new BadUserInputError(
        'input.certificateNumber',
        'is required to verify a case: the certificate checked',
      );
    if (certificate && certificate.length > MAX_CERTIFICATE_LENGTH)
      throw new BadUserInputError(
        'input.certificateNumber',
        `at most ${MAX_CERTIFICATE_LENGTH} characters`,
      );
    if (note && note.length > MAX_NOTE_LENGTH)
      throw new BadUserInputError('input.note', `at most ${MAX_NOTE_LENGTH} characters`);
    const [existing] = await this.screening.casesByIds([input.caseId]);
    if (!existing) return null;
    requireSiteInView(this.caller, existing);
    if (existing.status !== 'OPEN') throw alreadyResolved(existing);
    const resolved = await this.screening.resolveCase(
      existing.id,
      input.outcome,
      this.caller.id,
      certificate,
      note,
      (row) => [
        hubEvent(
          'sites.screening_case_resolved',
          { streetCode: row.street_code },
          { caseId: row.id, siteId: row.site_id, outcome: input.outcome },
        ),
      ],
    );
    // Someone else closed it between the read and the update.
    if (!resolved) throw alreadyResolved(existing);
    return resolved;
  }
}

function alreadyResolved(row: DbScreeningCaseRow): ConflictError {
  return new ConflictError('CASE_ALREADY_RESOLVED', `Screening case ${row.id} is already closed.`, {
    caseId: row.id,
  });
}
