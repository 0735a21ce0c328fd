import { personIdFor, type CopyValue } from '@cityhub/kit';
import {
  Random,
  addDays,
  enterpriseAt,
  hash32,
  type SyntheticCity,
  type SyntheticPerson,
} from '@cityhub/synthetic-city';
import { seededCode } from '../rules/registration-codes.js';
import { addMonths, monthOf } from '../rules/indicator-months.js';

/** The most staff generated per filing: big firms register in several filings' worth of batches in reality. */
const MAX_REGISTRATIONS_PER_FILING = 1_000;
/** Months of indicators per operating enterprise: two years, so that year-on-year comparisons exist. */
export const INDICATOR_MONTHS = 24;

export interface EnterpriseRows {
  enterprise: CopyValue[];
  filing: CopyValue[] | null;
  registrations: CopyValue[][];
  events: CopyValue[][];
  indicators: CopyValue[][];
}

type FilingState = 'APPROVED' | 'SUBMITTED' | 'OPEN' | 'REJECTED';

/** Most operating firms were approved (Xuhui approved 16,584); the rest are in every other state. */
const FIRST_STATES: FilingState[] = ['APPROVED', 'SUBMITTED', 'OPEN', 'REJECTED'];

function filingStateOf(index: number, roll: number, status: string): FilingState | null {
  if (status === 'CLOSED') return null;
  // The first enterprises take every state in turn, so that even the smallest preset has each.
  if (index < FIRST_STATES.length) return FIRST_STATES[index]!;
  if (status === 'SUSPENDED') return roll < 40 ? 'OPEN' : null;
  return roll < 80
    ? 'APPROVED'
    : roll < 86
      ? 'SUBMITTED'
      : roll < 94
        ? 'OPEN'
        : roll < 97
          ? 'REJECTED'
          : null;
}

/** A person registered with a filing or a shop (its id first), in the seed's registration columns. */
export function registrationRow(
  ownerId: CopyValue,
  personId: string,
  person: SyntheticPerson,
  status: string,
  when: { registeredAt: string; decidedAt: string | null; reason: string | null },
): CopyValue[] {
  const { idNumber, name, phone, originCode } = person;
  const arrivedOn = person.arrival?.arrivedOn ?? null;
  return [
    ownerId,
    personId,
    idNumber,
    name,
    phone,
    originCode,
    arrivedOn,
    status,
    when.registeredAt,
    when.decidedAt,
    when.reason,
  ];
}

export function at(date: string, hour: number): string {
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

/** Everything the enterprises department holds about enterprise `index`: a pure function of the city, the index and the hub key. */
export function enterpriseRows(
  city: SyntheticCity,
  index: number,
  personIdKey: string,
): EnterpriseRows {
  const e = enterpriseAt(city, index);
  const random = new Random(city.seed, index, 201);
  const representative = city.person(e.legalRepresentativeIndex);
  const repId = personIdFor(representative.idNumber, personIdKey);
  const rows: EnterpriseRows = {
    enterprise: [
      e.creditCode,
      e.name,
      repId,
      e.industry,
      e.streetCode,
      e.status,
      e.employeeCount,
      e.registeredOn,
    ],
    filing: null,
    registrations: [],
    events: [],
    indicators: [],
  };
  const state = filingStateOf(index, random.int(100), e.status);
  if (state) {
    const filingId = index + 1;
    const openedOn = addDays(city.referenceDate, -random.between(3, 40));
    const decidedOn = addDays(openedOn, 1);
    const submitted = state !== 'OPEN';
    const reviewed = state === 'APPROVED' || state === 'REJECTED';
    const reviewReason = state === 'REJECTED' ? '员工健康信息不全，请补充后重新备案' : null;
    rows.filing = [
      filingId,
      seededCode(personIdKey, `filing:${city.seed}:${index}`),
      e.creditCode,
      e.streetCode,
      state,
      at(openedOn, 9),
      submitted ? at(decidedOn, 17) : null,
      reviewed ? at(addDays(decidedOn, 1), 10) : null,
      reviewReason,
    ];
    const seen = new Set<string>();
    const wanted = Math.min(e.employeeCount, MAX_REGISTRATIONS_PER_FILING);
    let approved = 0;
    for (let k = 0; k < wanted * 2 && seen.size < wanted; k++) {
      const person = city.person(hash32(city.seed, index, 202, k) % city.residentCount);
      const personId = personIdFor(person.idNumber, personIdKey);
      if (seen.has(personId)) continue;
      seen.add(personId);
      // An open filing is still being worked through; submitted ones had every registration decided.
      const status =
        !submitted && random.chance(0.6)
          ? 'PENDING'
          : random.chance(0.02)
            ? 'REJECTED'
            : 'APPROVED';
      if (status === 'APPROVED') approved++;
      rows.registrations.push(
        registrationRow(filingId, personId, person, status, {
          registeredAt: at(openedOn, 10),
          decidedAt: status === 'PENDING' ? null : at(decidedOn, 16),
          reason: status === 'REJECTED' ? '非本企业员工' : null,
        }),
      );
    }
    const event = (
      action: string,
      actor: 'representative' | 'official',
      on: string,
      hour: number,
      count: number | null = null,
      reason: string | null = null,
    ) =>
      rows.events.push([
        filingId,
        action,
        'user',
        actor === 'representative' ? `resident:${repId}` : `street-official:${e.streetCode}`,
        actor === 'representative' ? repId : null,
        count,
        reason,
        at(on, hour),
      ]);
    event('OPENED', 'representative', openedOn, 9);
    if (submitted) {
      event('REGISTRATIONS_APPROVED', 'representative', decidedOn, 16, approved);
      event('SUBMITTED', 'representative', decidedOn, 17);
    }
    if (reviewed) event(state, 'official', addDays(decidedOn, 1), 10, null, reviewReason);
  }
  if (e.status === 'OPERATING')
    rows.indicators = indicatorRows(city, index, e.creditCode, e.employeeCount);
  return rows;
}

/**
 * 24 months of revenue, operating profit and headcount that drift a few per cent a month, with a
 * real swing (a fall of 40–60% in revenue or headcount, from one month on) for about one firm in 25.
 */
function indicatorRows(
  city: SyntheticCity,
  index: number,
  creditCode: string,
  employees: number,
): CopyValue[][] {
  const random = new Random(city.seed, index, 203);
  const monthlyRevenue = (employees * random.between(15, 60)) / 12; // 万元 per month
  const margin = 0.04 + random.next() * 0.12;
  const swingAt = random.chance(0.04) ? random.between(1, INDICATOR_MONTHS - 1) : -1;
  const swingKind = random.chance(0.5) ? 'REVENUE' : 'HEADCOUNT';
  const swingFactor = 0.4 + random.next() * 0.2;
  const lastMonth = addMonths(monthOf(city.referenceDate), -1);
  const rows: CopyValue[][] = [];
  for (let m = 0; m < INDICATOR_MONTHS; m++) {
    const month = addMonths(lastMonth, m - (INDICATOR_MONTHS - 1));
    const swung = swingAt >= 0 && m >= swingAt;
    const revenue =
      monthlyRevenue *
      (0.96 + random.next() * 0.08) *
      (swung && swingKind === 'REVENUE' ? swingFactor : 1);
    const headcount =
      swung && swingKind === 'HEADCOUNT'
        ? Math.max(1, Math.round(employees * swingFactor))
        : employees;
    rows.push([
      creditCode,
      month,
      revenue.toFixed(2),
      (revenue * margin).toFixed(2),
      headcount,
      at(addMonths(month, 1), 9),
    ]);
  }
  return rows;
}
