import { Store, columnsOf, recordOf, recordsOf, type Snaked } from '@cityhub/kit';
import type {
  DbFilingEventRow,
  DbFilingRow,
  DbRegistrationRow,
  FilingCountsRow,
  RegistrationCountsRow,
  RegistrationStatus,
} from './rows.js';

export type NewFilingEvent = Omit<DbFilingEventRow, 'id'>;

/** Work-resumption filings, their registrations and their history. The only SQL about filings. */
export class FilingStore extends Store {
  filingsByIds(ids: readonly number[]): Promise<DbFilingRow[]> {
    return recordsOf<DbFilingRow>(
      this.db('filings').comment('enterprises.filingsByIds').select('*').whereIn('id', ids),
    );
  }

  filingsByCodes(codes: readonly string[]): Promise<DbFilingRow[]> {
    return recordsOf<DbFilingRow>(
      this.db('filings').comment('enterprises.filingsByCodes').select('*').whereIn('code', codes),
    );
  }

  filingsByEnterprises(creditCodes: readonly string[]): Promise<DbFilingRow[]> {
    return recordsOf<DbFilingRow>(
      this.db('filings')
        .comment('enterprises.filingsByEnterprises')
        .select('*')
        .whereIn('credit_code', creditCodes)
        .orderBy('id', 'desc'),
    );
  }

  /** Locks the filing against concurrent decisions; registrations wait for the lock to be released. */
  async lockFilingByCode(code: string): Promise<DbFilingRow | undefined> {
    const [row] = await recordsOf<DbFilingRow>(
      this.db('filings')
        .comment('enterprises.lockFilingByCode')
        .select('*')
        .where({ code })
        .forUpdate(),
    );
    return row;
  }

  async insertFiling(
    row: Omit<DbFilingRow, 'id' | 'submittedAt' | 'reviewedAt' | 'reviewReason'>,
  ): Promise<DbFilingRow> {
    const [inserted] = await this.db('filings')
      .comment('enterprises.insertFiling')
      .insert(columnsOf(row))
      .returning<Array<Snaked<DbFilingRow>>>('*');
    return recordOf<DbFilingRow>(inserted!);
  }

  async updateFiling(
    id: number,
    changes: Partial<Pick<DbFilingRow, 'status' | 'submittedAt' | 'reviewedAt' | 'reviewReason'>>,
  ): Promise<DbFilingRow> {
    const [updated] = await this.db('filings')
      .comment('enterprises.updateFiling')
      .where({ id })
      .update(columnsOf(changes))
      .returning<Array<Snaked<DbFilingRow>>>('*');
    return recordOf<DbFilingRow>(updated!);
  }

  insertEvent(event: NewFilingEvent): Promise<unknown> {
    return this.db('filing_events').comment('enterprises.insertEvent').insert(columnsOf(event));
  }

  /** One page of registrations for each filing, in one statement; the keyset is the id. */
  async registrationPagesByFilings(
    filingIds: readonly number[],
    status: RegistrationStatus | null,
    limit: number,
    afterId: number | null,
  ): Promise<DbRegistrationRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbRegistrationRow>> }>(
      `/* enterprises.registrationPagesByFilings */
       SELECT r.* FROM unnest(?::bigint[]) AS f(id)
       CROSS JOIN LATERAL (
         SELECT * FROM registrations WHERE filing_id = f.id AND (?::text IS NULL OR status = ?::text) AND (?::bigint IS NULL OR id > ?::bigint)
          ORDER BY id LIMIT ?
       ) r`,
      [[...filingIds], status, status, afterId, afterId, limit],
    );
    return rows.map((row) => recordOf<DbRegistrationRow>(row));
  }

  async registrationCountsByFilings(
    filingIds: readonly number[],
  ): Promise<Array<RegistrationCountsRow & { filingId: number }>> {
    return recordsOf<RegistrationCountsRow & { filingId: number }>(
      this.db('registration_counts')
        .comment('enterprises.registrationCountsByFilings')
        .select(
          'filing_id',
          this.db.raw(
            'sum(pending) AS pending, sum(approved) AS approved, sum(rejected) AS rejected, sum(pending + approved + rejected) AS total',
          ),
        )
        .whereIn('filing_id', filingIds)
        .groupBy('filing_id'),
    );
  }

  async eventsByFilings(filingIds: readonly number[]): Promise<DbFilingEventRow[]> {
    return recordsOf<DbFilingEventRow>(
      this.db('filing_events')
        .comment('enterprises.eventsByFilings')
        .select('*')
        .whereIn('filing_id', filingIds)
        .orderBy('id'),
    );
  }

  /** Filings by status and their registrations, per enterprise or per street, for many in one statement. */
  filingCountsBy(
    column: 'credit_code' | 'street_code',
    keys: readonly string[],
  ): Promise<FilingCountsRow[]> {
    // A filing has several counts rows (one per shard): filings are counted distinct, registrations summed.
    return recordsOf<FilingCountsRow>(
      this.db('filings as f')
        .comment(`enterprises.filingCountsBy.${column}`)
        .leftJoin('registration_counts as rc', 'rc.filing_id', 'f.id')
        .select(
          { key: `f.${column}` },
          this.db.raw(`count(DISTINCT f.id) FILTER (WHERE f.status = 'OPEN') AS open`),
          this.db.raw(`count(DISTINCT f.id) FILTER (WHERE f.status = 'SUBMITTED') AS submitted`),
          this.db.raw(`count(DISTINCT f.id) FILTER (WHERE f.status = 'APPROVED') AS approved`),
          this.db.raw(`count(DISTINCT f.id) FILTER (WHERE f.status = 'REJECTED') AS rejected`),
          this.db.raw('coalesce(sum(rc.pending), 0) AS registrations_pending'),
          this.db.raw('coalesce(sum(rc.approved), 0) AS registrations_approved'),
          this.db.raw(
            `count(DISTINCT f.credit_code) FILTER (WHERE f.status = 'APPROVED') AS resumed_enterprises`,
          ),
        )
        .whereIn(`f.${column}`, keys)
        .groupBy(`f.${column}`),
    );
  }
}
