import { describe, expect, it } from 'vitest';
import { INITIAL_MODEL, type IndicatorDefinition } from '../src/managers/risk-model.js';
import { assess, levelOf, normalise, validateIndicators } from '../src/managers/scoring.js';

const indicators = INITIAL_MODEL.indicators;

function refusal(action: () => void): Record<string, unknown> | undefined {
  try {
    action();
  } catch (error) {
    return (error as { extensions?: Record<string, unknown> }).extensions;
  }
  return undefined;
}

function withWeights(weights: number[]): IndicatorDefinition[] {
  return indicators.map((indicator, i) => ({ ...indicator, weight: weights[i]! }));
}

describe('the risk model', () => {
  it('starts with 13 indicators whose weights lie in 3%–20% and sum to 100%', () => {
    expect(indicators).toHaveLength(13);
    expect(() => validateIndicators(indicators)).not.toThrow();
    expect(indicators.reduce((sum, item) => sum + item.weight, 0)).toBeCloseTo(1, 10);
  });

  it('refuses a weight below 3% or above 20%, and weights that do not sum to 100%, listing every problem', () => {
    const weights = indicators.map((item) => item.weight);
    const changed = (changes: Record<number, number>) =>
      withWeights(weights.map((weight, i) => changes[i] ?? weight));
    const cases: Array<[IndicatorDefinition[], string[]]> = [
      [changed({ 9: 0.02, 0: 0.21 }), ['indicators[0].weight', 'indicators[9].weight']],
      [changed({ 0: 0.25, 1: 0.07 }), ['indicators[0].weight']],
      [changed({ 9: 0.025 }), ['indicators[9].weight', 'indicators']],
      [changed({ 0: 0.19 }), ['indicators']],
      [indicators.slice(1), ['indicators', 'indicators']],
      [
        [...indicators.slice(0, 12), { ...indicators[12]!, code: indicators[0]!.code }],
        ['indicators[12].code'],
      ],
    ];
    for (const [model, fields] of cases) {
      const refused = refusal(() => validateIndicators(model));
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: fields[0] });
      expect((refused!.problems as Array<{ field: string }>).map((p) => p.field)).toEqual(fields);
    }
    expect(refusal(() => validateIndicators(changed({ 0: 0.19 })))).toMatchObject({
      reason: 'weights must sum to 100%, these sum to 99%',
    });
  });

  it('accepts weights exactly at 3% and 20%', () => {
    const weights = [0.2, 0.2, 0.2, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.13];
    expect(() => validateIndicators(withWeights(weights))).not.toThrow();
  });

  it('colours exactly at the boundaries: 39.99 blue, 40 yellow, 59.99 yellow, 60 red', () => {
    expect(levelOf(0)).toBe('BLUE');
    expect(levelOf(39.99)).toBe('BLUE');
    expect(levelOf(40)).toBe('YELLOW');
    expect(levelOf(59.99)).toBe('YELLOW');
    expect(levelOf(60)).toBe('RED');
    expect(levelOf(100)).toBe('RED');
  });

  it('normalises linearly between floor and cap, clamped to 0–1', () => {
    expect(normalise(-1, { floor: 0, cap: 10 })).toBe(0);
    expect(normalise(2.5, { floor: 0, cap: 10 })).toBe(0.25);
    expect(normalise(0.25, { floor: 0.1, cap: 0.4 })).toBeCloseTo(0.5, 10);
    expect(normalise(11, { floor: 0, cap: 10 })).toBe(1);
  });

  it('scores 100 × Σ weight × normalised value, with contributions that add up to the score, largest first', () => {
    const raw = new Map<string, number | null>(
      indicators.map((item, i) => [
        item.code,
        item.floor + ((item.cap - item.floor) * ((i * 37) % 11)) / 10,
      ]),
    );
    const result = assess(indicators, raw);
    const expected = indicators.reduce(
      (sum, item) => sum + 100 * item.weight * normalise(raw.get(item.code)!, item),
      0,
    );
    expect(result.score).toBeCloseTo(expected, 2);
    expect(result.contributions.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(
      result.score,
      2,
    );
    const points = result.contributions.map((c) => c.contribution);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(result.level).toBe(levelOf(result.score));
    expect(result.weightCovered).toBe(1);
  });

  it('lands exactly on 40 and 60 when the weights say so, and colours them yellow and red', () => {
    const only = (codes: string[]) =>
      new Map(
        indicators.map((item) => [item.code, codes.includes(item.code) ? item.cap : item.floor]),
      );
    // 20 + 12 + 8 = 40; 20 + 12 + 10 + 10 + 8 = 60.
    const forty = assess(
      indicators,
      only(['CONFIRMED_CASES', 'SUSPECTED_CASES', 'HOME_QUARANTINE']),
    );
    expect(forty).toMatchObject({ score: 40, level: 'YELLOW' });
    const sixty = assess(
      indicators,
      only([
        'CONFIRMED_CASES',
        'SUSPECTED_CASES',
        'CLOSE_CONTACTS',
        'KEY_REGION_ARRIVALS_14D',
        'RED_HEALTH_CODES',
      ]),
    );
    expect(sixty).toMatchObject({ score: 60, level: 'RED' });
  });

  it('counts an unavailable input as nothing and says so, instead of inventing a zero', () => {
    const raw = new Map<string, number | null>(indicators.map((item) => [item.code, item.cap]));
    raw.set('RAIL_ARRIVALS_24H', null);
    const result = assess(indicators, raw);
    expect(result.score).toBe(95);
    expect(result.weightCovered).toBeCloseTo(0.95, 6);
    expect(result.contributions.find((c) => c.code === 'RAIL_ARRIVALS_24H')).toEqual({
      code: 'RAIL_ARRIVALS_24H',
      rawValue: null,
      normalisedValue: null,
      weight: 0.05,
      contribution: 0,
    });
  });
});
