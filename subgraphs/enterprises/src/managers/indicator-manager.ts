import {
  ForbiddenError,
  InputProblems,
  hubEvent,
  cityDate,
  requireCreditCode,
  requireDate,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { enterprisesOutbox } from '../events.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { IndicatorStore } from '../repositories/indicator-store.js';
import type { DbIndicatorRow, DbWarningRow } from '../repositories/rows.js';
import { mayRecordIndicators, partyOf } from '../rules/access-rules.js';
import { affectedMonths, monthOf } from '../rules/indicator-months.js';

export interface IndicatorInput {
  creditCode: string;
  month: string;
  revenue: number;
  operatingProfit: number;
  headcount: number;
}

const MAX_RECORDS = 5_000;

/** Operating indicators (经营指标) and early warning (预警): idempotent per enterprise and month. */
export class IndicatorManager {
  constructor(
    private readonly db: Database,
    private readonly indicators: IndicatorStore,
    private readonly enterprises: EnterpriseStore,
    private readonly caller: Caller,
  ) {}

  async record(
    inputs: readonly IndicatorInput[],
    warnAbove: number,
  ): Promise<{ recorded: number; warnings: DbWarningRow[] }> {
    const problems = new InputProblems();
    if (!(warnAbove > 0 && warnAbove <= 10))
      problems.add('warnAbove', 'must be a share above 0 and at most 10 (0.3 is ±30%)');
    if (inputs.length > MAX_RECORDS) problems.add('records', `at most ${MAX_RECORDS} in one call`);
    const rows = inputs.map((input, i) => rowOf(input, `records[${i}]`, problems));
    const keys = new Set<string>();
    rows.forEach((row, i) => {
      const key = `${row.creditCode}|${row.month}`;
      if (keys.has(key))
        problems.add(`records[${i}].month`, 'the same enterprise and month appear twice');
      keys.add(key);
    });
    problems.throwIfAny();
    const found = new Map(
      (
        await this.enterprises.enterprisesByCodes([...new Set(rows.map((row) => row.creditCode))])
      ).map((e) => [e.creditCode, e]),
    );
    rows.forEach((row, i) => {
      if (!found.has(row.creditCode))
        problems.add(`records[${i}].creditCode`, 'no enterprise has this credit code');
    });
    problems.throwIfAny();
    rows.forEach((row) => {
      const enterprise = found.get(row.creditCode)!;
      if (!mayRecordIndicators(this.caller, partyOf(enterprise)))
        throw new ForbiddenError(`You may not record indicators of ${row.creditCode}.`, {
          creditCode: row.creditCode,
        });
    });
    return this.db.transaction(async (trx) => {
      const indicators = this.indicators.in(trx);
      const recorded = await indicators.upsert(rows);
      const warnings = await indicators.recomputeWarnings(
        affectedMonths(rows.map((row) => ({ creditCode: row.creditCode, month: row.month }))),
        warnAbove,
      );
      await enterprisesOutbox.add(
        trx,
        ...warnings.map((warning) =>
          hubEvent(
            'enterprises.early_warning_raised',
            { streetCode: warning.streetCode, creditCode: warning.creditCode },
            {
              warningId: warning.id,
              figure: warning.figure,
              month: warning.month,
              changeRatio: warning.changeRatio,
            },
          ),
        ),
      );
      return { recorded, warnings };
    });
  }
}

/** Checks one record, its problems into `problems`. */
function rowOf(input: IndicatorInput, path: string, problems: InputProblems): DbIndicatorRow {
  const creditCode = problems.check(`${path}.creditCode`, () =>
    requireCreditCode(`${path}.creditCode`, input.creditCode),
  );
  const date = problems.check(`${path}.month`, () => requireDate(`${path}.month`, input.month));
  const month = date ? monthOf(date) : '';
  if (date && month > monthOf(cityDate()))
    problems.add(`${path}.month`, 'must not be a future month');
  if (!Number.isFinite(input.revenue) || input.revenue < 0)
    problems.add(`${path}.revenue`, 'must be zero or more');
  if (!Number.isFinite(input.operatingProfit))
    problems.add(`${path}.operatingProfit`, 'must be a number');
  if (!Number.isInteger(input.headcount) || input.headcount < 0)
    problems.add(`${path}.headcount`, 'must be zero or more');
  return {
    creditCode: creditCode ?? '',
    month,
    revenue: input.revenue,
    operatingProfit: input.operatingProfit,
    headcount: input.headcount,
  };
}
