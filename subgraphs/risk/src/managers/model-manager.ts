import { InputProblems, type Caller } from '@cityhub/kit';
import type { ModelStore } from '../repositories/model-store.js';
import type { DbRiskModelRow } from '../repositories/rows.js';
import type { IndicatorDefinition, IndicatorSource } from './risk-model.js';
import { checkIndicators } from './scoring.js';

const SOURCES: IndicatorSource[] = ['CASE_REPORTS', 'POPULATION', 'HOUSING', 'TRANSPORT', 'SITES'];

export interface RiskModelInput {
  note: string;
  indicators: Array<Omit<IndicatorDefinition, 'source'> & { source: string }>;
}

/** Versions of the community model: a new one is published whole, checked against the model's rules. */
export class ModelManager {
  constructor(
    private readonly models: ModelStore,
    private readonly caller: Caller,
  ) {}

  /** Refused with every problem of the input at once (BAD_USER_INPUT, `problems`). */
  async publish(input: RiskModelInput): Promise<DbRiskModelRow> {
    const problems = new InputProblems();
    if (!input.note.trim()) problems.add('input.note', 'say what changed and why');
    const indicators = input.indicators.map((item, index): IndicatorDefinition => {
      if (!SOURCES.includes(item.source as IndicatorSource))
        problems.add(`input.indicators[${index}].source`, `must be one of ${SOURCES.join(', ')}`);
      return {
        code: item.code,
        name: item.name.trim(),
        nameZh: item.nameZh.trim(),
        weight: item.weight,
        floor: item.floor,
        cap: item.cap,
        unit: item.unit,
        source: item.source as IndicatorSource,
      };
    });
    checkIndicators(indicators, problems);
    problems.throwIfAny();
    return this.models.publish(input.note.trim(), indicators, this.caller.id);
  }
}
