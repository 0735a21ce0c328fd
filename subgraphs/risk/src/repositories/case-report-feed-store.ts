import type { Database, FeedOrigin, FeedOutcome } from '@cityhub/kit';
import type { DbCaseReportRow } from './rows.js';

/** One version of a case report as the feed checked it: the report, its source id and time. */
export type CheckedCaseReport = Omit<DbCaseReportRow, 'id' | 'receivedAt'> & {
  sourceId: string;
  changedAt: string;
};

/** Case reports from the feed: every version in the history, the newest per report as the report. */
export class CaseReportFeedStore {
  constructor(private readonly db: Database) {}

  /**
   * One statement a batch: a source id seen before is a duplicate; the other versions go into the
   * history, and per record id the newest of the batch (by the source's time, then the order of
   * the batch) becomes the report where it is not older than the report's current version.
   */
  async record(
    reports: readonly CheckedCaseReport[],
    origin: FeedOrigin,
  ): Promise<Map<string, FeedOutcome>> {
    const { rows } = await this.db.raw<{ rows: Array<{ source_id: string; applied: boolean }> }>(
      `/* risk.recordCaseReports */
       WITH input AS (
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
             WITH ORDINALITY AS u(source_id, record_id, person_id, kind, reported_on, ends_on, community_code, street_code, changed_at, n)),
       kept AS (
         INSERT INTO case_report_versions (source_id, record_id, person_id, kind, reported_on, ends_on, community_code,
                                           street_code, changed_at, feed, recorded_by)
         SELECT source_id, record_id, person_id, kind, reported_on, nullif(ends_on, '')::date, community_code, street_code, changed_at, ?, ?
           FROM input ORDER BY n
         ON CONFLICT (source_id) DO NOTHING
         RETURNING source_id),
       newest AS (
         SELECT DISTINCT ON (i.record_id) i.* FROM input i JOIN kept USING (source_id)
          ORDER BY i.record_id, i.changed_at DESC, i.n DESC),
       moved AS (
         INSERT INTO case_reports AS c (record_id, person_id, kind, reported_on, ends_on, community_code, street_code,
                                        changed_at, source_id, feed, recorded_by, received_at)
         SELECT record_id, person_id, kind, reported_on, nullif(ends_on, '')::date, community_code, street_code, changed_at, source_id, ?, ?, now()
           FROM newest ORDER BY record_id
         ON CONFLICT (record_id) DO UPDATE SET person_id = excluded.person_id, kind = excluded.kind,
           reported_on = excluded.reported_on, ends_on = excluded.ends_on, community_code = excluded.community_code,
           street_code = excluded.street_code, changed_at = excluded.changed_at, source_id = excluded.source_id,
           feed = excluded.feed, recorded_by = excluded.recorded_by, received_at = now()
         WHERE c.changed_at IS NULL OR c.changed_at <= excluded.changed_at
         RETURNING source_id)
       SELECT kept.source_id, moved.source_id IS NOT NULL AS applied
         FROM kept LEFT JOIN moved USING (source_id)`,
      [
        reports.map((r) => r.sourceId),
        reports.map((r) => r.recordId),
        reports.map((r) => r.personId),
        reports.map((r) => r.kind),
        reports.map((r) => r.reportedOn),
        // No date is an empty text here: the array binding takes no nulls.
        reports.map((r) => r.endsOn ?? ''),
        reports.map((r) => r.communityCode),
        reports.map((r) => r.streetCode),
        reports.map((r) => r.changedAt),
        origin.channel,
        origin.recordedBy,
        origin.channel,
        origin.recordedBy,
      ],
    );
    return new Map(
      rows.map((row): [string, FeedOutcome] => [
        row.source_id,
        row.applied ? 'APPLIED' : 'SUPERSEDED',
      ]),
    );
  }
}
