import {
  InputProblems,
  daysBetween,
  divisionCodeProblem,
  personIdFor,
  residentIdProblem,
  dateProblem,
} from '@cityhub/kit';
import { isKeyRegion } from '@cityhub/synthetic-city';
import type { DbReportWorkerRow } from '../repositories/rows.js';

/** A new arrival is screened when it arrived from a key region fewer than this many days before the report date. */
export const SCREENING_WINDOW_DAYS = 14;
/** The largest crew one report may list: far above any single site's, small enough to check in one request. */
export const MAX_WORKERS_PER_REPORT = 5_000;
const MAX_NAME_LENGTH = 50;

export interface WorkerInput {
  idNumber: string;
  name: string;
  originCode: string;
  arrivedOn: string;
}

/** A worker who passed the checks: the fields a report's worker row keeps of them. */
export type CheckedWorker = Omit<DbReportWorkerRow, 'reportId' | 'position' | 'isNew'>;

/**
 * Checks a report as a whole and every worker in it, collecting every problem rather than stopping
 * at the first, so that the contractor can fix the list in one go: refused whole with
 * InvalidInputError (fields `input.reportDate`, `input.workers[3].idNumber`…).
 */
export function checkReport(
  input: { reportDate: string; workers: readonly WorkerInput[] },
  site: { kind: string; status: string } | null,
  today: string,
  personIdKey: string,
): CheckedWorker[] {
  const problems = new InputProblems();
  if (!site) problems.add('input.siteId', 'no such site');
  else if (site.kind !== 'CONSTRUCTION')
    problems.add('input.siteId', 'daily reports are for construction sites');
  const dateIssue = dateProblem(input.reportDate);
  problems.add('input.reportDate', dateIssue);
  if (!dateIssue && input.reportDate > today)
    problems.add('input.reportDate', `is in the future (today is ${today})`);
  if (input.workers.length > MAX_WORKERS_PER_REPORT)
    problems.add('input.workers', `at most ${MAX_WORKERS_PER_REPORT} workers per report`);
  const firstPositionOf = new Map<string, number>();
  const workers = input.workers.map((worker, index): CheckedWorker => {
    const field = (name: string) => `input.workers[${index}].${name}`;
    const idNumber = worker.idNumber.trim().toUpperCase();
    const idIssue = residentIdProblem(idNumber);
    if (idIssue) problems.add(field('idNumber'), `a resident ID number ${idIssue}`);
    else if (firstPositionOf.has(idNumber))
      problems.add(
        field('idNumber'),
        `listed twice: already worker ${firstPositionOf.get(idNumber)}`,
      );
    else firstPositionOf.set(idNumber, index);
    const name = worker.name.trim();
    problems.add(field('name'), nameProblem(name));
    const originCode = worker.originCode.trim();
    const originIssue = divisionCodeProblem(originCode, 'DISTRICT');
    if (originIssue) problems.add(field('originCode'), `a county code ${originIssue}`);
    const arrivalIssue = dateProblem(worker.arrivedOn);
    problems.add(field('arrivedOn'), arrivalIssue);
    if (!arrivalIssue && !dateIssue && worker.arrivedOn > input.reportDate)
      problems.add(field('arrivedOn'), 'is after the report date');
    return {
      personId: idIssue ? '' : personIdFor(idNumber, personIdKey),
      idNumber,
      name,
      originCode,
      fromKeyRegion: !originIssue && isKeyRegion(originCode),
      arrivedOn: worker.arrivedOn,
    };
  });
  problems.throwIfAny();
  return workers;
}

function nameProblem(name: string): string | null {
  if (!name) return 'must not be empty';
  return [...name].length > MAX_NAME_LENGTH ? `at most ${MAX_NAME_LENGTH} characters` : null;
}

export interface DerivedReport {
  headcount: number;
  newArrivalCount: number;
  /** Per worker, in input order: not on the previous report. */
  isNew: boolean[];
  /** Per worker, in input order: a new arrival from a key region within the screening window. */
  needsScreening: boolean[];
}

/**
 * Derives what the hub reports from the list: a worker is new when the site's previous report did
 * not list them (on a site's first report everyone is new).
 */
export function deriveReport(
  workers: readonly CheckedWorker[],
  previousPersonIds: ReadonlySet<string>,
  reportDate: string,
): DerivedReport {
  const isNew = workers.map((worker) => !previousPersonIds.has(worker.personId));
  const needsScreening = workers.map(
    (worker, i) => isNew[i]! && isScreenedArrival(worker, reportDate),
  );
  return {
    headcount: workers.length,
    newArrivalCount: isNew.filter(Boolean).length,
    isNew,
    needsScreening,
  };
}

export function isScreenedArrival(
  worker: Pick<CheckedWorker, 'fromKeyRegion' | 'arrivedOn'>,
  reportDate: string,
): boolean {
  if (!worker.fromKeyRegion) return false;
  const days = daysBetween(worker.arrivedOn, reportDate);
  return days >= 0 && days < SCREENING_WINDOW_DAYS;
}

/** What a screening case records about the worker and the report that listed them. */
export function screeningCaseOf(
  worker: Pick<CheckedWorker, 'personId' | 'name' | 'originCode' | 'arrivedOn'>,
  reportDate: string,
) {
  return {
    personId: worker.personId,
    workerName: worker.name,
    originCode: worker.originCode,
    arrivedOn: worker.arrivedOn,
    reportDate,
    reason: screeningReason(worker, reportDate),
  };
}

export function screeningReason(
  worker: Pick<CheckedWorker, 'originCode' | 'arrivedOn'>,
  reportDate: string,
): string {
  const days = daysBetween(worker.arrivedOn, reportDate);
  return `New arrival on site from key region ${worker.originCode} (重点地区), in the city since ${worker.arrivedOn}: ${days} of ${SCREENING_WINDOW_DAYS} days`;
}
