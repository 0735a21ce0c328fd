import { columnsOf, recordOf, recordsOf, Store, type Snaked } from '@cityhub/kit';
import type { DbIndicatorRow, DbWarningRow } from './rows.js';

/** After a `targets (credit_code, month)` CTE: compares each target month with the month before and the same month a year before. */
const RAISE_WARNINGS = `
  pairs AS (
    SELECT cur.credit_code, cur.month, b.basis, prev.revenue AS pr, cur.revenue AS cr, prev.operating_profit AS pp, cur.operating_profit AS cp,
           prev.headcount::numeric AS ph, cur.headcount::numeric AS ch
      FROM targets t
      JOIN indicators cur ON cur.credit_code = t.credit_code AND cur.month = t.month
      CROSS JOIN (VALUES ('PREVIOUS_MONTH', interval '1 month'), ('SAME_MONTH_LAST_YEAR', interval '1 year')) AS b(basis, span)
      JOIN indicators prev ON prev.credit_code = cur.credit_code AND prev.month = (cur.month - b.span)::date
  ),
  moves AS (
    SELECT p.credit_code, p.month, p.basis, f.figure, f.previous_value, f.current_value FROM pairs p
     CROSS JOIN LATERAL (VALUES ('REVENUE', p.pr, p.cr), ('OPERATING_PROFIT', p.pp, p.cp), ('HEADCOUNT', p.ph, p.ch)) AS f(figure, previous_value, current_value)
     WHERE f.previous_value <> 0 AND abs(f.current_value - f.previous_value) / abs(f.previous_value) > ?
  )
  INSERT INTO warnings (credit_code, street_code, month, figure, basis, previous_value, current_value, change_ratio, threshold, raised_at)
  SELECT m.credit_code, e.street_code, m.month, m.figure, m.basis, m.previous_value, m.current_value,
         ((m.current_value - m.previous_value) / abs(m.previous_value))::float8, ?, now()
    FROM moves m JOIN enterprises e ON e.credit_code = m.credit_code`;

export interface EnterpriseMonth {
  creditCode: string;
  month: string;
}

/** Monthly operating indicators and the early warnings they raise. The only SQL about indicators. */
export class IndicatorStore extends Store {
  /** Replaces the figures of the same enterprise and month: recording twice changes nothing. */
  async upsert(rows: DbIndicatorRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const recorded = await this.db('indicators')
      .comment('enterprises.upsertIndicators')
      .insert(rows.map((row) => ({ ...columnsOf(row), recorded_at: this.db.fn.now() })))
      .onConflict(['credit_code', 'month'])
      .merge(['revenue', 'operating_profit', 'headcount', 'recorded_at'])
      .returning('credit_code');
    return recorded.length;
  }

  /**
   * Recomputes the warnings of these enterprise-months from the figures now stored: a figure that
   * moved by more than `threshold` (a share of the earlier figure's size) against the previous
   * month or the same month a year earlier.
   */
  async recomputeWarnings(targets: EnterpriseMonth[], threshold: number): Promise<DbWarningRow[]> {
    if (targets.length === 0) return [];
    const codes = targets.map((t) => t.creditCode);
    const months = targets.map((t) => t.month);
    await this.db.raw(
      `/* enterprises.clearWarnings */
       DELETE FROM warnings w USING unnest(?::text[], ?::date[]) AS t(credit_code, month) WHERE w.credit_code = t.credit_code AND w.month = t.month`,
      [codes, months],
    );
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbWarningRow>> }>(
      `/* enterprises.raiseWarnings */ WITH targets AS (SELECT DISTINCT credit_code, month FROM unnest(?::text[], ?::date[]) AS t(credit_code, month)), ${RAISE_WARNINGS} RETURNING *`,
      [codes, months, threshold, threshold],
    );
    return rows.map((row) => recordOf<DbWarningRow>(row));
  }

  /** Recomputes every warning from every stored month (after a bulk load). */
  async recomputeAllWarnings(threshold: number): Promise<number> {
    await this.db.raw('/* enterprises.clearAllWarnings */ DELETE FROM warnings');
    const result = await this.db.raw(
      `/* enterprises.raiseAllWarnings */ WITH targets AS (SELECT credit_code, month FROM indicators), ${RAISE_WARNINGS}`,
      [threshold, threshold],
    );
    return (result as { rowCount: number }).rowCount;
  }

  /** The latest `months` months of each enterprise, newest first, for many enterprises in one statement. */
  latestByEnterprises(creditCodes: readonly string[], months: number): Promise<DbIndicatorRow[]> {
    const latest = this.db
      .queryBuilder()
      .comment('enterprises.latestIndicatorsByEnterprises')
      .select('credit_code', 'month', 'revenue', 'operating_profit', 'headcount')
      .from(
        this.db('indicators')
          .select(
            '*',
            this.db.raw(
              'row_number() OVER (PARTITION BY credit_code ORDER BY month DESC) AS position',
            ),
          )
          .whereIn('credit_code', creditCodes)
          .as('ranked'),
      )
      .where('position', '<=', months)
      .orderBy([{ column: 'credit_code' }, { column: 'month', order: 'desc' }]);
    return recordsOf<DbIndicatorRow>(latest);
  }

  warningsByEnterprises(creditCodes: readonly string[]): Promise<DbWarningRow[]> {
    return recordsOf<DbWarningRow>(
      this.db('warnings')
        .comment('enterprises.warningsByEnterprises')
        .select('*')
        .whereIn('credit_code', creditCodes)
        .orderBy([
          { column: 'month', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]),
    );
  }

  warningCountsSince(
    creditCodes: readonly string[],
    since: string,
  ): Promise<Array<{ creditCode: string; total: number }>> {
    return recordsOf<{ creditCode: string; total: number }>(
      this.db('warnings')
        .comment('enterprises.warningCountsSince')
        .select('credit_code', this.db.raw('count(*) AS total'))
        .whereIn('credit_code', creditCodes)
        .where('month', '>=', since)
        .groupBy('credit_code'),
    );
  }

  /** One page of warnings for each street, newest month first; the keyset is "month/id". */
  async warningPagesByStreets(
    streetCodes: readonly string[],
    since: string | null,
    limit: number,
    afterKey: string | null,
  ): Promise<DbWarningRow[]> {
    const [afterMonth = null, afterId = null] = afterKey ? afterKey.split('/') : [];
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbWarningRow>> }>(
      `/* enterprises.warningPagesByStreets */
       SELECT w.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT * FROM warnings WHERE street_code = s.code AND (?::date IS NULL OR month >= ?::date)
            AND (?::date IS NULL OR (month, id) < (?::date, ?::bigint))
          ORDER BY month DESC, id DESC LIMIT ?
       ) w`,
      [[...streetCodes], since, since, afterMonth, afterMonth, afterId, limit],
    );
    return rows.map((row) => recordOf<DbWarningRow>(row));
  }

  warningTotalsByStreets(
    streetCodes: readonly string[],
    since: string | null,
  ): Promise<Array<{ streetCode: string; total: number }>> {
    const query = this.db('warnings')
      .comment('enterprises.warningTotalsByStreets')
      .select('street_code', this.db.raw('count(*) AS total'))
      .whereIn('street_code', streetCodes);
    if (since) query.where('month', '>=', since);
    return recordsOf<{ streetCode: string; total: number }>(query.groupBy('street_code'));
  }
}
