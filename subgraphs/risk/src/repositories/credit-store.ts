import { columnsOf, recordsWhereIn, Store } from '@cityhub/kit';
import type { DbEnterpriseCreditRow } from './rows.js';

export type NewCredit = Omit<DbEnterpriseCreditRow, 'computedAt'>;

/** Enterprise credit profiles (守信通). The only SQL about them. */
export class CreditStore extends Store {
  byCreditCodes(codes: readonly string[]): Promise<DbEnterpriseCreditRow[]> {
    const query = this.db('enterprise_credit').comment('risk.creditByCodes');
    return recordsWhereIn<DbEnterpriseCreditRow>(query, 'credit_code', codes);
  }

  async save(rows: NewCredit[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1_000) {
      const batch = rows.slice(i, i + 1_000).map((row) => ({
        ...columnsOf(row),
        factors: JSON.stringify(row.factors),
        sources: JSON.stringify(row.sources),
        computed_at: this.db.fn.now(),
      }));
      await this.db('enterprise_credit')
        .comment('risk.saveCredit')
        .insert(batch)
        .onConflict('credit_code')
        .merge();
    }
  }
}
