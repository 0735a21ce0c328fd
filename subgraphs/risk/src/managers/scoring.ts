import { InputProblems } from '@cityhub/kit';
import type { IndicatorDefinition } from './risk-model.js';

export type RiskLevel = 'RED' | 'YELLOW' | 'BLUE';

export const MIN_WEIGHT = 0.03;
export const MAX_WEIGHT = 0.2;
export const INDICATOR_COUNT = 13;
// Weights are given to the hundredth of a percent; sums are compared at that precision.
const WEIGHT_EPSILON = 1e-6;

/** One indicator's part of one community's score, kept so that every score can be explained. */
export interface Contribution {
  code: string;
  /** Null when the input was not available for the run: never an invented zero. */
  rawValue: number | null;
  normalisedValue: number | null;
  weight: number;
  /** 100 × weight × normalised value: the points this indicator adds to the score. */
  contribution: number;
}

export interface Assessment {
  score: number;
  level: RiskLevel;
  /** Sum of the weights whose inputs were available, 0–1. */
  weightCovered: number;
  contributions: Contribution[];
}

/**
 * The problems of a model that breaks the rules of the model: 13 indicators, 3%–20% each, 100% in
 * all. Every problem is added, so that an editor fixes the whole model in one round.
 */
export function checkIndicators(
  indicators: readonly IndicatorDefinition[],
  problems: InputProblems,
  path = 'indicators',
): void {
  if (indicators.length !== INDICATOR_COUNT)
    problems.add(
      path,
      `a model has exactly ${INDICATOR_COUNT} indicators, not ${indicators.length}`,
    );
  const codes = new Set<string>();
  indicators.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(item.code))
      problems.add(`${at}.code`, 'must be upper-case letters, digits and _');
    else if (codes.has(item.code)) problems.add(`${at}.code`, `${item.code} appears twice`);
    codes.add(item.code);
    if (
      !Number.isFinite(item.weight) ||
      item.weight < MIN_WEIGHT - WEIGHT_EPSILON ||
      item.weight > MAX_WEIGHT + WEIGHT_EPSILON
    )
      problems.add(
        `${at}.weight`,
        `each weight must lie between 3% and 20%; ${item.code} has ${formatPercent(item.weight)}`,
      );
    if (!Number.isFinite(item.floor) || !Number.isFinite(item.cap) || item.cap <= item.floor)
      problems.add(`${at}.cap`, 'must be above the floor');
    if (!item.name.trim() || !item.nameZh.trim())
      problems.add(`${at}.name`, 'needs an English and a Chinese name');
  });
  const total = indicators.reduce((sum, item) => sum + item.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_EPSILON * INDICATOR_COUNT)
    problems.add(path, `weights must sum to 100%, these sum to ${formatPercent(total)}`);
}

/** Refuses a model that breaks the rules, with every problem listed. */
export function validateIndicators(indicators: readonly IndicatorDefinition[]): void {
  const problems = new InputProblems();
  checkIndicators(indicators, problems);
  problems.throwIfAny();
}

/** Linear between floor and cap, clamped to 0–1. */
export function normalise(
  raw: number,
  indicator: Pick<IndicatorDefinition, 'floor' | 'cap'>,
): number {
  if (raw <= indicator.floor) return 0;
  if (raw >= indicator.cap) return 1;
  return (raw - indicator.floor) / (indicator.cap - indicator.floor);
}

/** RED at 60 and above, YELLOW from 40 up to 60, BLUE below 40; exactly at the boundaries. */
export function levelOf(score: number): RiskLevel {
  if (score >= 60) return 'RED';
  if (score >= 40) return 'YELLOW';
  return 'BLUE';
}

/**
 * Score = 100 × Σ weight × normalised value. The score is rounded to hundredths once, from the sum
 * of the unrounded contributions, so the level never flips on rounding. Contributions are listed
 * largest first; unavailable inputs contribute nothing and lower `weightCovered`.
 */
export function assess(
  indicators: readonly IndicatorDefinition[],
  rawValues: ReadonlyMap<string, number | null>,
): Assessment {
  let exact = 0;
  let weightCovered = 0;
  const contributions = indicators.map((item): Contribution => {
    const raw = rawValues.get(item.code) ?? null;
    if (raw === null)
      return {
        code: item.code,
        rawValue: null,
        normalisedValue: null,
        weight: item.weight,
        contribution: 0,
      };
    const normalisedValue = normalise(raw, item);
    const points = 100 * item.weight * normalisedValue;
    exact += points;
    weightCovered += item.weight;
    return {
      code: item.code,
      rawValue: round(raw, 4),
      normalisedValue: round(normalisedValue, 6),
      weight: item.weight,
      contribution: points,
    };
  });
  const score = round(exact, 2);
  contributions.sort((a, b) => b.contribution - a.contribution || a.code.localeCompare(b.code));
  return {
    score,
    level: levelOf(score),
    weightCovered: round(weightCovered, 6),
    contributions: contributions.map((c) => ({ ...c, contribution: round(c.contribution, 4) })),
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function formatPercent(weight: number): string {
  return `${round(weight * 100, 2)}%`;
}
