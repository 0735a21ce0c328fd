import {
  BadUserInputError,
  ForbiddenError,
  hubEvent,
  cityDate,
  requireCreditCode,
  requireDate,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { enterprisesOutbox } from '../events.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { EnterpriseMonth, IndicatorStore } from '../repositories/indicator-store.js';
import type { DbIndicatorRow, DbWarningRow } from '../repositories/rows.js';
import { mayRecordIndicators } from './access-rules.js';
import { partyOf } from './filing-manager.js';

export interface IndicatorInput {
  creditCode: string;
  month: string;
  revenue: number;
  operatingProfit: number;
  headcount: number;
}

const MAX_RECORDS = 5_000;

/** The first day of the month a date falls in. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(month: string, months: number): string {
  const date = new Date(`${month}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/**
 * The months whose warnings change when these months' figures change: the months themselves, the
 * month after (compared with them) and the same month a year later.
 */
export function affectedMonths(recorded: EnterpriseMonth[]): EnterpriseMonth[] {
  const seen = new Map<string, EnterpriseMonth>();
  for (const { creditCode, month } of recorded) {
    for (const shift of [0, 1, 12]) {
      const target = { creditCode, month: addMonths(month, shift) };
      seen.set(`${target.creditCode}|${target.month}`, target);
    }
  }
  return [...seen.values()];
}

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
    if (!(warnAbove > 0 && warnAbove <= 10))
      throw new BadUserInputError(
        'warnAbove',
        'must be a share above 0 and at most 10 (0.3 is ±30%)',
      );
    if (inputs.length > MAX_RECORDS)
      throw new BadUserInputError('records', `at most ${MAX_RECORDS} in one call`);
    const rows = inputs.map((input, i) => rowOf(input, `records[${i}]`));
    const keys = new Set<string>();
    rows.forEach((row, i) => {
      const key = `${row.credit_code}|${row.month}`;
      if (keys.has(key))
        throw new BadUserInputError(
          `records[${i}].month`,
          'the same enterprise and month appear twice',
        );
      keys.add(key);
    });
    const found = new Map(
      (
        await this.enterprises.enterprisesByCodes([...new Set(rows.map((row) => row.credit_code))])
      ).map((e) => [e.credit_code, e]),
    );
    rows.forEach((row, i) => {
      const enterprise = found.get(row.credit_code);
      if (!enterprise)
        throw new BadUserInputError(
          `records[${i}].creditCode`,
          'no enterprise has this credit code',
        );
      if (!mayRecordIndicators(this.caller, partyOf(enterprise)))
        throw new ForbiddenError(`You may not record indicators of ${row.credit_code}.`, {
          creditCode: row.credit_code,
        });
    });
    return this.db.transaction(async (trx) => {
      const indicators = this.indicators.in(trx);
      const recorded = await indicators.upsert(rows);
      const warnings = await indicators.recomputeWarnings(
        affectedMonths(rows.map((row) => ({ creditCode: row.credit_code, month: row.month }))),
        warnAbove,
      );
      await enterprisesOutbox.add(
        trx,
        ...warnings.map((warning) =>
          hubEvent(
            'enterprises.early_warning_raised',
            { streetCode: warning.street_code, creditCode: warning.credit_code },
            {
              warningId: warning.id,
              figure: warning.figure,
              month: warning.month,
              changeRatio: warning.change_ratio,
            },
          ),
        ),
      );
      return { recorded, warnings };
    });
  }
}

function rowOf(input: IndicatorInput, path: string): DbIndicatorRow {
  const creditCode = requireCreditCode(`${path}.creditCode`, input.creditCode);
  const month = monthOf(requireDate(`${path}.month`, input.month));
  if (month > monthOf(cityDate()))
    throw new BadUserInputError(`${path}.month`, 'must not be a future month');
  if (!Number.isFinite(input.revenue) || input.revenue < 0)
    throw new BadUserInputError(`${path}.revenue`, 'must be zero or more');
  if (!Number.isFinite(input.operatingProfit))
    throw new BadUserInputError(`${path}.operatingProfit`, 'must be a number');
  if (!Number.isInteger(input.headcount) || input.headcount < 0)
    throw new BadUserInputError(`${path}.headcount`, 'must be zero or more');
  return {
    credit_code: creditCode,
    month,
    revenue: input.revenue,
    operating_profit: input.operatingProfit,
    headcount: input.headcount,
  };
}
