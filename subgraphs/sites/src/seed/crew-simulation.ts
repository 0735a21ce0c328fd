import { personIdFor, shiftDate } from '@cityhub/kit';
import { hash32, isKeyRegion, Random, type SyntheticCity } from '@cityhub/synthetic-city';
import { deriveReport, screeningCaseOf, type CheckedWorker } from '../rules/report-rules.js';
import type { DbScreeningCaseRow, DbSiteRow } from '../repositories/rows.js';

/** How big crews are and how far back reports go, by preset: the test preset stays small so the suite stays fast. */
export const REPORT_SCALE: Record<string, { days: number; minCrew: number; maxCrew: number }> = {
  test: { days: 5, minCrew: 4, maxCrew: 10 },
  demo: { days: 60, minCrew: 15, maxCrew: 50 },
  district: { days: 60, minCrew: 30, maxCrew: 150 },
  city: { days: 60, minCrew: 30, maxCrew: 150 },
};

const DAILY_LEAVING = 0.03;
const KEY_REGION_JOINER_SHARE = 0.15;
const RECENT_ARRIVAL_SHARE = 0.5;
const MISSED_REPORT = 0.02;
const NOT_YET_REPORTED_TODAY = 0.12;
const RESUBMITTED = 0.01;

export interface SimulatedReport {
  reportDate: string;
  version: number;
  superseded: boolean;
  previousReportDate: string | null;
  workers: Array<CheckedWorker & { isNew: boolean }>;
  newArrivalCount: number;
}

/** A screening case as the store keeps it, its times as the seed writes them (city-time text). */
export type SimulatedCase = Omit<
  DbScreeningCaseRow,
  'id' | 'siteId' | 'streetCode' | 'note' | 'openedAt' | 'checkedAt'
> & { openedAt: string; checkedAt: string | null };

/**
 * One site's reports over the window, day by day: workers leave and join, each joiner a resident of
 * the synthetic city, so that every department refers to the same person. A pure function of the
 * seed and the site.
 */
export function simulateSite(
  city: SyntheticCity,
  site: DbSiteRow,
  siteNumber: number,
  personIdKey: string,
): { reports: SimulatedReport[]; cases: SimulatedCase[] } {
  const scale = REPORT_SCALE[city.preset.name] ?? REPORT_SCALE.demo!;
  const random = new Random(city.seed, siteNumber, 401);
  const target = random.between(scale.minCrew, scale.maxCrew);
  const firstDay = shiftDate(city.referenceDate, -(scale.days - 1));
  // Suspended and closed sites stopped reporting at some point in the window.
  const lastDayIndex = site.status === 'ACTIVE' ? scale.days - 1 : random.int(scale.days);
  const crew: Array<CheckedWorker & { index: number }> = [];
  let joiners = 0;
  const join = (date: string): CheckedWorker & { index: number } => {
    for (;;) {
      const wantKeyRegion = random.chance(KEY_REGION_JOINER_SHARE);
      let index = hash32(city.seed, siteNumber, joiners++, 402) % city.residentCount;
      for (
        let tries = 0;
        wantKeyRegion && tries < 60 && !isKeyRegion(city.person(index).originCode);
        tries++
      )
        index = hash32(city.seed, siteNumber, joiners++, 402) % city.residentCount;
      if (crew.some((member) => member.index === index)) continue;
      const person = city.person(index);
      const recent = isKeyRegion(person.originCode)
        ? random.chance(RECENT_ARRIVAL_SHARE)
        : random.chance(0.1);
      const arrivedOn = shiftDate(date, -(recent ? random.int(6) : 14 + random.int(700)));
      const worker = {
        personId: personIdFor(person.idNumber, personIdKey),
        idNumber: person.idNumber,
        name: person.name,
        originCode: person.originCode,
        fromKeyRegion: isKeyRegion(person.originCode),
        arrivedOn,
      };
      return { ...worker, index };
    }
  };
  const reports: SimulatedReport[] = [];
  const cases = new Map<string, SimulatedCase>();
  let previous: { date: string; ids: Set<string> } | null = null;
  for (let day = 0; day <= lastDayIndex; day++) {
    const date = shiftDate(firstDay, day);
    if (day > 0) {
      for (let i = crew.length - 1; i >= 0; i--)
        if (random.chance(DAILY_LEAVING)) crew.splice(i, 1);
    }
    while (crew.length < target + (day % 3) - 1) crew.push(join(date));
    const isToday = date === city.referenceDate;
    if (random.chance(isToday ? NOT_YET_REPORTED_TODAY : MISSED_REPORT)) continue;
    const derived = deriveReport(crew, previous?.ids ?? new Set(), date);
    const workers = crew.map((worker, i) => ({ ...stripIndex(worker), isNew: derived.isNew[i]! }));
    if (random.chance(RESUBMITTED) && workers.length > 1) {
      // An earlier submission that day missed the last worker, and was corrected.
      reports.push({
        reportDate: date,
        version: 1,
        superseded: true,
        previousReportDate: previous?.date ?? null,
        workers: workers.slice(0, -1),
        newArrivalCount: workers.slice(0, -1).filter((w) => w.isNew).length,
      });
      reports.push({
        reportDate: date,
        version: 2,
        superseded: false,
        previousReportDate: previous?.date ?? null,
        workers,
        newArrivalCount: derived.newArrivalCount,
      });
    } else {
      reports.push({
        reportDate: date,
        version: 1,
        superseded: false,
        previousReportDate: previous?.date ?? null,
        workers,
        newArrivalCount: derived.newArrivalCount,
      });
    }
    workers.forEach((worker, i) => {
      // One case per worker and arrival, as the store's unique key demands.
      if (derived.needsScreening[i] && !cases.has(`${worker.personId}|${worker.arrivedOn}`))
        cases.set(
          `${worker.personId}|${worker.arrivedOn}`,
          caseOf(worker, date, city.referenceDate, site, random),
        );
    });
    previous = { date, ids: new Set(workers.map((w) => w.personId)) };
  }
  return { reports, cases: [...cases.values()] };
}

function caseOf(
  worker: CheckedWorker,
  reportDate: string,
  today: string,
  site: DbSiteRow,
  random: Random,
): SimulatedCase {
  const base = { ...screeningCaseOf(worker, reportDate), openedAt: `${reportDate}T10:00:00+08:00` };
  // Supervisors check within a day or two; the most recent cases are still open.
  if (reportDate >= shiftDate(today, -1))
    return { ...base, status: 'OPEN', certificateNumber: null, checkedBy: null, checkedAt: null };
  const verified = random.chance(0.85);
  return {
    ...base,
    status: verified ? 'VERIFIED' : 'CLEARED',
    certificateNumber: verified
      ? `GL${reportDate.replaceAll('-', '')}${String(random.int(100_000)).padStart(5, '0')}`
      : null,
    checkedBy: `supervisor-${site.streetCode}`,
    checkedAt: `${shiftDate(reportDate, 1)}T16:00:00+08:00`,
  };
}

function stripIndex({
  index: _index,
  ...worker
}: CheckedWorker & { index: number }): CheckedWorker {
  return worker;
}
