import {
  BadUserInputError,
  ForbiddenError,
  InputProblems,
  cityDate,
  dateProblem,
  dateWindow,
  lazyConnection,
  mayReadPersonalData,
  pageWithCursor,
  personIdFor,
  requireStreet,
  residentIdProblem,
  streetOfCommunity,
  type Caller,
  type InputProblem,
  type PageArgs,
} from '@cityhub/kit';
import type { CaseReportStore, NewCaseReport } from '../repositories/case-report-store.js';
import type { CaseKind, CaseReportConnectionParent } from '../repositories/rows.js';

export interface CaseReportInputRecord {
  recordId: string;
  idNumber: string;
  kind: CaseKind;
  reportedOn: string;
  endsOn?: string | null;
  communityCode: string;
}

export interface Rejection extends InputProblem {
  index: number;
  recordId: string;
}

export interface CaseReportListArgs extends PageArgs {
  from: string;
  to: string;
  kind?: CaseKind | null;
  streetCode?: string | null;
  communityCode?: string | null;
}

export const MAX_REPORTS_PER_CALL = 5_000;
export const MAX_HISTORY_DAYS = 366;

/** Every problem of one record; none when it is acceptable. */
export function problemsOf(input: CaseReportInputRecord, today: string): InputProblem[] {
  const problems = new InputProblems();
  if (!/^[\w.:-]{1,64}$/.test(input.recordId))
    problems.add('recordId', 'must be 1–64 letters, digits or . _ : -');
  problems.add('idNumber', residentIdProblem(input.idNumber.toUpperCase()));
  const reported = dateProblem(input.reportedOn);
  problems.add('reportedOn', reported ?? (input.reportedOn > today ? 'is in the future' : null));
  if (input.endsOn) {
    const ends = dateProblem(input.endsOn);
    problems.add(
      'endsOn',
      ends ?? (!reported && input.endsOn < input.reportedOn ? 'is before the report date' : null),
    );
  }
  if (!/^\d{13}$/.test(input.communityCode))
    problems.add('communityCode', 'must be a 13-digit community code');
  return problems.list;
}

/**
 * The health commission's case reports (病例报告): the feed that writes them and the rules of who
 * may list them.
 */
export class CaseReportManager {
  constructor(
    private readonly store: CaseReportStore,
    private readonly caller: Caller,
    private readonly personIdKey: string,
  ) {}

  /** A street official lists only their streets' reports; filtering by kind needs personal-data rights. */
  list(args: CaseReportListArgs): CaseReportConnectionParent {
    const window = dateWindow(args.from, args.to, MAX_HISTORY_DAYS);
    if (args.streetCode) requireStreet(this.caller, args.streetCode);
    if (args.communityCode) requireStreet(this.caller, streetOfCommunity(args.communityCode));
    // The list filtered by kind would say what each person was reported for, as kind itself does.
    if (args.kind && !mayReadPersonalData(this.caller))
      throw new ForbiddenError(
        'Filtering case reports by kind needs the scope pii:read and a stated purpose.',
        { pii: 'HEALTH' },
      );
    const filter = {
      from: window.from,
      to: window.to,
      kind: args.kind ?? null,
      streetCode: args.streetCode ?? null,
      communityCode: args.communityCode ?? null,
      streets: this.caller.streets,
    };
    return lazyConnection(
      pageWithCursor(args, /^\d{4}-\d{2}-\d{2}\/\d+$/),
      (page) => this.store.page(filter, page),
      () => this.store.count(filter),
    );
  }

  /**
   * Takes in a batch of the feed: each record is checked on its own (every problem of a record is
   * reported), good ones are stored in one statement, and a replayed record changes nothing. Only
   * the pseudonymous person id is kept.
   */
  async ingest(inputs: CaseReportInputRecord[], today = cityDate()) {
    if (inputs.length > MAX_REPORTS_PER_CALL)
      throw new BadUserInputError('reports', `at most ${MAX_REPORTS_PER_CALL} records per call`);
    const rejected: Rejection[] = [];
    const accepted = new Map<string, NewCaseReport>();
    inputs.forEach((input, index) => {
      const problems = problemsOf(input, today);
      if (problems.length === 0 && accepted.has(input.recordId))
        problems.push({ field: 'recordId', reason: 'appears twice in this batch' });
      if (problems.length > 0) {
        rejected.push(
          ...problems.map((problem) => ({ index, recordId: input.recordId, ...problem })),
        );
        return;
      }
      accepted.set(input.recordId, {
        recordId: input.recordId,
        personId: personIdFor(input.idNumber.toUpperCase(), this.personIdKey),
        kind: input.kind,
        reportedOn: input.reportedOn,
        endsOn: input.endsOn ?? null,
        communityCode: input.communityCode,
        streetCode: streetOfCommunity(input.communityCode),
      });
    });
    const { inserted, updated } = await this.store.upsert([...accepted.values()]);
    return {
      inserted: inserted.length,
      updated: updated.length,
      unchanged: accepted.size - inserted.length - updated.length,
      rejected,
    };
  }
}
