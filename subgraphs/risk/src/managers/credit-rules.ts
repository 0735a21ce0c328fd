import type { CreditFactorRow, CreditGrade } from '../repositories/rows.js';

/** The facts the hub holds about one enterprise; null where the department's data was not available. */
export interface EnterpriseFacts {
  filings: { approved: number; rejected: number; pending: number } | null;
  warningsLast12Months: number | null;
  screenings: { open: number; verified: number; cleared: number } | null;
}

export interface CreditResult {
  score: number;
  grade: CreditGrade;
  factors: CreditFactorRow[];
}

/** How often inspectors visit (双随机抽查 frequency) for each grade: the trustworthy are left alone. */
export const INSPECTIONS_PER_YEAR: Record<CreditGrade, number> = { A: 1, B: 2, C: 4, D: 12 };

export const GRADE_FLOORS: Array<[CreditGrade, number]> = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 0],
];

export function gradeOf(score: number): CreditGrade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)![0];
}

const capped = (value: number, each: number, limit: number) =>
  each < 0 ? Math.max(value * each, limit) : Math.min(value * each, limit);

/**
 * 100 points less what the facts take away. Every factor is listed with its value and points, so
 * that an enterprise can see why it got its grade.
 */
export function creditOf(facts: EnterpriseFacts): CreditResult {
  const factors: CreditFactorRow[] = [];
  if (facts.filings) {
    const { approved, rejected, pending } = facts.filings;
    const total = approved + rejected + pending;
    const share = total === 0 ? 1 : approved / total;
    factors.push({
      code: 'FILINGS_APPROVED_SHARE',
      name: 'Share of work-resumption filings approved',
      nameZh: '复工备案通过率',
      value: Math.round(share * 1000) / 1000,
      points: total === 0 ? 0 : Math.round(-20 * (1 - share)),
    });
    factors.push({
      code: 'FILINGS_REJECTED',
      name: 'Filings rejected',
      nameZh: '备案被驳回',
      value: rejected,
      points: capped(rejected, -8, -24),
    });
    factors.push({
      code: 'FILINGS_PENDING',
      name: 'Filings awaiting review',
      nameZh: '备案待审核',
      value: pending,
      points: capped(pending, -2, -10),
    });
  }
  if (facts.warningsLast12Months !== null) {
    factors.push({
      code: 'EARLY_WARNINGS',
      name: 'Early warnings in the last 12 months',
      nameZh: '经营预警',
      value: facts.warningsLast12Months,
      points: capped(facts.warningsLast12Months, -6, -30),
    });
  }
  if (facts.screenings) {
    factors.push({
      code: 'SITE_SCREENINGS_OPEN',
      name: 'Open screenings of site workers',
      nameZh: '工地待核查人员',
      value: facts.screenings.open,
      points: capped(facts.screenings.open, -4, -20),
    });
    const resolved = facts.screenings.verified + facts.screenings.cleared;
    factors.push({
      code: 'SITE_SCREENINGS_RESOLVED',
      name: 'Site screenings resolved',
      nameZh: '工地核查已办结',
      value: resolved,
      points: capped(resolved, 1, 5),
    });
  }
  const score = Math.max(
    0,
    Math.min(100, 100 + factors.reduce((sum, factor) => sum + factor.points, 0)),
  );
  factors.sort((a, b) => a.points - b.points || a.code.localeCompare(b.code));
  return { score, grade: gradeOf(score), factors };
}
