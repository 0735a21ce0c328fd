import { columnsOf, recordsOf, Store } from '@cityhub/kit';

export interface DbMissingReportRow {
  siteId: string;
  reportDate: string;
  streetCode: string;
  eventId: string;
}

/** Sites whose daily report is due, and the findings of missing ones. */
export class MissingReportStore extends Store {
  /** Active construction sites without a current report for the date, not yet found missing. */
  sitesWithoutReport(date: string): Promise<Array<{ id: string; streetCode: string }>> {
    const query = this.db('sites as s')
      .comment('sites.sitesWithoutReport')
      .select('s.id', 's.street_code')
      .where({ 's.kind': 'CONSTRUCTION', 's.status': 'ACTIVE' })
      .whereNotExists((q) =>
        q
          .select(this.db.raw('1'))
          .from('daily_reports as r')
          .whereRaw('r.site_id = s.id')
          .where('r.report_date', date)
          .whereNull('r.superseded_at'),
      )
      .whereNotExists((q) =>
        q
          .select(this.db.raw('1'))
          .from('missing_reports as m')
          .whereRaw('m.site_id = s.id')
          .where('m.report_date', date),
      )
      .orderBy('s.id');
    return recordsOf<{ id: string; streetCode: string }>(query);
  }

  /** Records the findings; those another run recorded first are left out of the answer. */
  async record(rows: readonly DbMissingReportRow[]): Promise<DbMissingReportRow[]> {
    if (rows.length === 0) return [];
    return recordsOf<DbMissingReportRow>(
      this.db('missing_reports')
        .comment('sites.recordMissingReports')
        .insert(rows.map((row) => columnsOf(row)))
        .onConflict(['site_id', 'report_date'])
        .ignore()
        .returning(['site_id', 'report_date', 'street_code', 'event_id']),
    );
  }
}
