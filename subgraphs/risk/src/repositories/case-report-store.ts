import {
  descendingPage,
  recordsOf,
  recordsWhereIn,
  rowCount,
  withinStreets,
  type Page,
  Store,
} from '@cityhub/kit';
import type { CaseReportFilter, DbCaseReportRow } from './rows.js';

/** Per community, the counts the model reads from the case reports for one date. */
export interface CaseCounts {
  communityCode: string;
  confirmed: number;
  suspected: number;
  closeContacts: number;
  homeQuarantine: number;
  feverVisits: number;
}

/**
 * Cases and contacts reported in the 14 days up to the date, quarantines running on the date,
 * fever-clinic visits in 7 days.
 */
const COUNTS_ON = `count(*) FILTER (WHERE kind = 'CONFIRMED' AND reported_on > ?::date - 14) AS confirmed,
  count(*) FILTER (WHERE kind = 'SUSPECTED' AND reported_on > ?::date - 14) AS suspected,
  count(*) FILTER (WHERE kind = 'CLOSE_CONTACT' AND reported_on > ?::date - 14) AS close_contacts,
  count(*) FILTER (WHERE kind = 'HOME_QUARANTINE' AND coalesce(ends_on, reported_on + 14) >= ?::date) AS home_quarantine,
  count(*) FILTER (WHERE kind = 'FEVER_CLINIC_VISIT' AND reported_on > ?::date - 7) AS fever_visits`;

const NEWEST_FIRST = [
  { column: 'reported_on', order: 'desc' },
  { column: 'id', order: 'desc' },
] as const;

/** The health commission's case reports (病例报告). The only SQL about them. */
export class CaseReportStore extends Store {
  /** Newest first; the keyset is (reported_on, id), encoded as "date/id". */
  page(filter: CaseReportFilter, page: Page): Promise<DbCaseReportRow[]> {
    const query = this.filtered(filter).comment('risk.caseReportsPage').select('*');
    return recordsOf<DbCaseReportRow>(descendingPage(query, 'reported_on', 'date', page));
  }

  count(filter: CaseReportFilter): Promise<number> {
    return rowCount(this.filtered(filter), 'risk.caseReportsCount');
  }

  byPeople(personIds: readonly string[]): Promise<DbCaseReportRow[]> {
    const query = this.db('case_reports').comment('risk.caseReportsByPeople');
    return recordsWhereIn<DbCaseReportRow>(
      query.orderBy([...NEWEST_FIRST]),
      'person_id',
      personIds,
    );
  }

  /** The model's case inputs for a date, for every community at once. */
  countsOn(date: string): Promise<CaseCounts[]> {
    return recordsOf<CaseCounts>(
      this.db('case_reports')
        .comment('risk.caseCountsOn')
        .select('community_code')
        .select(this.db.raw(COUNTS_ON, [date, date, date, date, date]))
        .where('reported_on', '<=', date)
        .whereRaw('reported_on > ?::date - 28', [date])
        .groupBy('community_code'),
    );
  }

  private filtered(filter: CaseReportFilter) {
    const query = this.db('case_reports').whereBetween('reported_on', [filter.from, filter.to]);
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.communityCode) query.where('community_code', filter.communityCode);
    return withinStreets(query, filter.streets);
  }
}
