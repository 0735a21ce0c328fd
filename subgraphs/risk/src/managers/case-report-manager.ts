import { cityDate, dateProblem, personIdFor, residentIdProblem } from '@cityhub/kit';
import type { CaseKind } from '../repositories/rows.js';
import type { CaseReportRecord, CaseReportStore } from '../repositories/case-report-store.js';

export interface CaseReportInputRecord {
  recordId: string;
  idNumber: string;
  kind: CaseKind;
  reportedOn: string;
  endsOn?: string | null;
  communityCode: string;
}

export interface Rejection {
  index: number;
  recordId: string;
  field: string;
  reason: string;
}

export const MAX_REPORTS_PER_CALL = 5_000;

/** Checks one record; the first problem found is its rejection, null when it is acceptable. */
export function problemOf(
  input: CaseReportInputRecord,
  today: string,
): { field: string; reason: string } | null {
  if (!/^[\w.:-]{1,64}$/.test(input.recordId))
    return { field: 'recordId', reason: 'must be 1–64 letters, digits or . _ : -' };
  const idProblem = residentIdProblem(input.idNumber.toUpperCase());
  if (idProblem) return { field: 'idNumber', reason: idProblem };
  const reported = dateProblem(input.reportedOn);
  if (reported) return { field: 'reportedOn', reason: reported };
  if (input.reportedOn > today) return { field: 'reportedOn', reason: 'is in the future' };
  if (input.endsOn) {
    const ends = dateProblem(input.endsOn);
    if (ends) return { field: 'endsOn', reason: ends };
    if (input.endsOn < input.reportedOn)
      return { field: 'endsOn', reason: 'is before the report date' };
  }
  if (!/^\d{13}$/.test(input.communityCode))
    return { field: 'communityCode', reason: 'must be a 13-digit community code' };
  return null;
}

/**
 * Takes in a batch of the feed: each record is checked on its own, good ones are stored in one
 * statement, and a replayed record changes nothing. Only the pseudonymous person id is kept.
 */
export async function ingestCaseReports(
  store: CaseReportStore,
  inputs: CaseReportInputRecord[],
  personIdKey: string,
  today = cityDate(),
) {
  const rejected: Rejection[] = [];
  const accepted = new Map<string, CaseReportRecord>();
  inputs.forEach((input, index) => {
    const problem =
      problemOf(input, today) ??
      (accepted.has(input.recordId)
        ? { field: 'recordId', reason: 'appears twice in this batch' }
        : null);
    if (problem) {
      rejected.push({ index, recordId: input.recordId, ...problem });
      return;
    }
    accepted.set(input.recordId, {
      record_id: input.recordId,
      person_id: personIdFor(input.idNumber.toUpperCase(), personIdKey),
      kind: input.kind,
      reported_on: input.reportedOn,
      ends_on: input.endsOn ?? null,
      community_code: input.communityCode,
      street_code: input.communityCode.slice(0, 9),
    });
  });
  const { inserted, updated } = await store.upsert([...accepted.values()]);
  return {
    inserted: inserted.length,
    updated: updated.length,
    unchanged: accepted.size - inserted.length - updated.length,
    rejected,
  };
}
