import { Store, columnsOf, recordsOf, withinStreets } from '@cityhub/kit';
import type { Knex } from 'knex';
import type { DbScreeningCaseRow, ScreeningCaseFilter, ScreeningStatus } from './rows.js';

export type NewScreeningCase = Pick<
  DbScreeningCaseRow,
  | 'siteId'
  | 'streetCode'
  | 'personId'
  | 'workerName'
  | 'originCode'
  | 'arrivedOn'
  | 'reportDate'
  | 'reason'
>;

/** Screening cases of new arrivals from key regions. The only SQL about screening. */
export class ScreeningStore extends Store {
  casesByIds(ids: readonly string[]): Promise<DbScreeningCaseRow[]> {
    return recordsOf<DbScreeningCaseRow>(
      this.db('screening_cases').comment('sites.casesByIds').select('*').whereIn('id', ids),
    );
  }

  casesBySites(
    siteIds: readonly string[],
    status: ScreeningStatus | null,
  ): Promise<DbScreeningCaseRow[]> {
    const query = this.db('screening_cases')
      .comment('sites.casesBySites')
      .select('*')
      .whereIn('site_id', siteIds);
    if (status) query.where({ status });
    return recordsOf<DbScreeningCaseRow>(
      query.orderBy([{ column: 'site_id' }, { column: 'id', order: 'desc' }]),
    );
  }

  /** Newest first; the keyset is the case id. */
  casesPage(
    filter: ScreeningCaseFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbScreeningCaseRow[]> {
    const query = this.filtered(filter).comment('sites.casesPage').select('*');
    if (afterKey !== null) query.where('id', '<', afterKey);
    return recordsOf<DbScreeningCaseRow>(query.orderBy('id', 'desc').limit(limit));
  }

  async casesCount(filter: ScreeningCaseFilter): Promise<number> {
    const [row] = await this.filtered(filter)
      .comment('sites.casesCount')
      .count<Array<{ total: number }>>({ total: '*' });
    return row?.total ?? 0;
  }

  /** Opens the cases not already open for the same worker, site and arrival; returns the ones opened. */
  async openCases(cases: readonly NewScreeningCase[]): Promise<DbScreeningCaseRow[]> {
    if (cases.length === 0) return [];
    return recordsOf<DbScreeningCaseRow>(
      this.db('screening_cases')
        .comment('sites.openCases')
        .insert(cases.map(columnsOf))
        .onConflict(['site_id', 'person_id', 'arrived_on'])
        .ignore()
        .returning('*'),
    );
  }

  /** Closes an open case; null when it is not open (any more). */
  async resolveCase(
    id: number,
    outcome: 'VERIFIED' | 'CLEARED',
    checkedBy: string,
    certificateNumber: string | null,
    note: string | null,
  ): Promise<DbScreeningCaseRow | null> {
    const [row] = await recordsOf<DbScreeningCaseRow>(
      this.db('screening_cases')
        .comment('sites.resolveCase')
        .where({ id, status: 'OPEN' })
        .update({
          status: outcome,
          checked_by: checkedBy,
          checked_at: this.db.fn.now(),
          certificate_number: certificateNumber,
          note,
        })
        .returning('*'),
    );
    return row ?? null;
  }

  private filtered(filter: ScreeningCaseFilter): Knex.QueryBuilder {
    const query = this.db('screening_cases');
    withinStreets(query, filter.streetCodes);
    if (filter.siteId) query.where('site_id', filter.siteId);
    if (filter.status) query.where('status', filter.status);
    return query;
  }
}
