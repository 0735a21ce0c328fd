import { copyRows, inRawTransaction, recordsWhereIn, Store } from '@cityhub/kit';
import type { DbEnterpriseCreditRow, SourceStatus } from './rows.js';

export type NewCredit = Omit<DbEnterpriseCreditRow, 'computedAt' | 'sources' | 'runId'>;

/** Enterprise credit profiles (守信通). The only SQL about them. */
export class CreditStore extends Store {
  byCreditCodes(codes: readonly string[]): Promise<DbEnterpriseCreditRow[]> {
    const query = this.db('enterprise_credit').comment('risk.creditByCodes');
    return recordsWhereIn<DbEnterpriseCreditRow>(query, 'credit_code', codes);
  }

  /**
   * Saves a run's profiles in one transaction: COPY into a temporary table, then one upsert. A city
   * has some 150,000 enterprises; a statement per thousand of them was most of the nightly run.
   * The sources are the run's, the same for every profile, so they are sent once.
   */
  async save(rows: NewCredit[], sources: SourceStatus[], runId: number): Promise<void> {
    await inRawTransaction(this.db, async (client) => {
      await client.query(
        `/* risk.stageCredit */ CREATE TEMPORARY TABLE credit_stage
           (credit_code varchar(18), score integer, grade varchar(1), factors jsonb) ON COMMIT DROP`,
      );
      await copyRows(
        client,
        'credit_stage',
        ['credit_code', 'score', 'grade', 'factors'],
        rows.map((row) => [row.creditCode, row.score, row.grade, JSON.stringify(row.factors)]),
      );
      await client.query(
        `/* risk.saveCredit */ INSERT INTO risk.enterprise_credit AS c
           (credit_code, score, grade, factors, sources, run_id, computed_at)
         SELECT credit_code, score, grade, factors, $1::jsonb, $2, now() FROM credit_stage
         ON CONFLICT (credit_code) DO UPDATE SET score = excluded.score, grade = excluded.grade,
           factors = excluded.factors, sources = excluded.sources, run_id = excluded.run_id,
           computed_at = excluded.computed_at`,
        [JSON.stringify(sources), runId],
      );
    });
  }
}
