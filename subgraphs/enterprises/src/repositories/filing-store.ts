import { Store } from '@cityhub/kit';
import type { Knex } from 'knex';
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
    return this.db('filings').comment('enterprises.filingsByIds').select('*').whereIn('id', ids);
  }

  filingsByCodes(codes: readonly string[]): Promise<DbFilingRow[]> {
    return this.db('filings')
      .comment('enterprises.filingsByCodes')
      .select('*')
      .whereIn('code', codes);
  }

  filingsByEnterprises(creditCodes: readonly string[]): Promise<DbFilingRow[]> {
    return this.db('filings')
      .comment('enterprises.filingsByEnterprises')
      .select('*')
      .whereIn('credit_code', creditCodes)
      .orderBy('id', 'desc');
  }

  /** Locks the filing against concurrent decisions; registrations wait for the lock to be released. */
  lockFilingByCode(code: string): Promise<DbFilingRow | undefined> {
    return this.db('filings')
      .comment('enterprises.lockFilingByCode')
      .select('*')
      .where({ code })
      .forUpdate()
      .first();
  }

  async insertFiling(
    row: Omit<DbFilingRow, 'id' | 'submitted_at' | 'reviewed_at' | 'review_reason'>,
  ): Promise<DbFilingRow> {
    const [inserted] = await this.db('filings')
      .comment('enterprises.insertFiling')
      .insert(row)
      .returning('*');
    return inserted as DbFilingRow;
  }

  async updateFiling(
    id: number,
    changes: Partial<
      Pick<DbFilingRow, 'status' | 'submitted_at' | 'reviewed_at' | 'review_reason'>
    >,
  ): Promise<DbFilingRow> {
    const [updated] = await this.db('filings')
      .comment('enterprises.updateFiling')
      .where({ id })
      .update(changes)
      .returning('*');
    return updated as DbFilingRow;
  }

  insertEvent(event: NewFilingEvent): Promise<unknown> {
    return this.db('filing_events').comment('enterprises.insertEvent').insert(event);
  }

  /** One page of registrations for each filing, in one statement; the keyset is the id. */
  async registrationPagesByFilings(
    filingIds: readonly number[],
    status: RegistrationStatus | null,
    limit: number,
    afterId: number | null,
  ): Promise<DbRegistrationRow[]> {
    const { rows } = await this.db.raw<{ rows: DbRegistrationRow[] }>(
      `/* enterprises.registrationPagesByFilings */
       SELECT r.* FROM unnest(?::bigint[]) AS f(id)
       CROSS JOIN LATERAL (
         SELECT * FROM registrations WHERE filing_id = f.id AND (?::text IS NULL OR status = ?::text) AND (?::bigint IS NULL OR id > ?::bigint)
          ORDER BY id LIMIT ?
       ) r`,
      [[...filingIds], status, status, afterId, afterId, limit],
    );
    return rows;
  }

  async registrationCountsByFilings(
    filingIds: readonly number[],
  ): Promise<Array<RegistrationCountsRow & { filing_id: number }>> {
    return this.db('registration_counts')
      .comment('enterprises.registrationCountsByFilings')
      .select(
        'filing_id',
        this.db.raw(
          'sum(pending) AS pending, sum(approved) AS approved, sum(rejected) AS rejected, sum(pending + approved + rejected) AS total',
        ),
      )
      .whereIn('filing_id', filingIds)
      .groupBy('filing_id');
  }

  async eventsByFilings(filingIds: readonly number[]): Promise<DbFilingEventRow[]> {
    return this.db('filing_events')
      .comment('enterprises.eventsByFilings')
      .select('*')
      .whereIn('filing_id', filingIds)
      .orderBy('id');
  }

  /** Filings by status and their registrations, per enterprise or per street, for many in one statement. */
  filingCountsBy(
    column: 'credit_code' | 'street_code',
    keys: readonly string[],
  ): Promise<FilingCountsRow[]> {
    // A filing has several counts rows (one per shard): filings are counted distinct, registrations summed.
    return this.db('filings as f')
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
      .groupBy(`f.${column}`);
  }
}
