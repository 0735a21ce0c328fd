import { InputProblems, hubEvent, requireStreet, type Caller, type Database } from '@cityhub/kit';
import { sitesOutbox } from '../events.js';
import { REFUSALS, refuse } from '../refusals.js';
import type { DbScreeningCaseRow } from '../repositories/rows.js';
import type { ScreeningStore } from '../repositories/screening-store.js';

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
    private readonly db: Database,
    private readonly screening: ScreeningStore,
    private readonly caller: Caller,
  ) {}

  async resolve(input: ResolveCaseInput): Promise<DbScreeningCaseRow | null> {
    if (!/^\d{1,18}$/.test(input.caseId)) return null;
    const { certificate, note } = checkResolution(input);
    const [existing] = await this.screening.casesByIds([input.caseId]);
    if (!existing) return null;
    requireStreet(this.caller, existing.streetCode);
    if (existing.status !== 'OPEN') return alreadyResolved(existing);
    return this.db.transaction(async (trx) => {
      const resolved = await this.screening
        .in(trx)
        .resolveCase(existing.id, input.outcome, this.caller.id, certificate, note);
      // Someone else closed it between the read and the update.
      if (!resolved) return alreadyResolved(existing);
      await sitesOutbox.add(
        trx,
        hubEvent(
          'sites.screening_case_resolved',
          { streetCode: resolved.streetCode },
          { caseId: resolved.id, siteId: resolved.siteId, outcome: input.outcome },
        ),
      );
      return resolved;
    });
  }
}

/** Every problem of the form at once. */
function checkResolution(input: ResolveCaseInput) {
  const problems = new InputProblems();
  const certificate = input.certificateNumber?.trim() || null;
  const note = input.note?.trim() || null;
  if (input.outcome === 'VERIFIED' && !certificate)
    problems.add(
      'input.certificateNumber',
      'is required to verify a case: the certificate checked',
    );
  if (certificate && certificate.length > MAX_CERTIFICATE_LENGTH)
    problems.add('input.certificateNumber', `at most ${MAX_CERTIFICATE_LENGTH} characters`);
  if (note && note.length > MAX_NOTE_LENGTH)
    problems.add('input.note', `at most ${MAX_NOTE_LENGTH} characters`);
  problems.throwIfAny();
  return { certificate, note };
}

function alreadyResolved(row: DbScreeningCaseRow): never {
  return refuse(REFUSALS.caseAlreadyResolved, `Screening case ${row.id} is already closed.`, {
    caseId: row.id,
  });
}
