import type { Knex } from 'knex';
import type {
  DbFilingEventRow,
  DbFilingRow,
  DbRegistrationRow,
  FilingCountsRow,
  RegistrationCountsRow,
  RegistrationStatus,
} from './rows.js';

export interface NewRegistration {
  person_id: string;
  id_number: string;
  name: string;
  phone: string;
  origin_code: string;
  arrived_on: string | null;
}

export interface RegistrationOutcome {
  id: number;
  status: RegistrationStatus;
  registered_at: Date;
  created: boolean;
  registered_with: string;
}

export type NewFilingEvent = Omit<DbFilingEventRow, 'id'>;

/** Work-resumption filings, their registrations and their history. The only SQL about filings. */
export class FilingStore {
  constructor(private readonly db: Knex) {}

  /** The same store inside a transaction. */
  in(trx: Knex.Transaction): FilingStore {
    return new FilingStore(trx);
  }

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

  /**
   * Registers on an open filing in one statement; the filing row is share-locked so that a
   * submission cannot slip in between. Returns nothing when the code is unknown or closed, or when a
   * concurrent registration of the same person committed after this statement began.
   */
  async register(
    code: string,
    registration: NewRegistration,
  ): Promise<RegistrationOutcome | undefined> {
    const { rows } = await this.db.raw<{ rows: RegistrationOutcome[] }>(
      `/* enterprises.register */
       WITH target AS (
         SELECT f.id, e.name AS registered_with FROM filings f JOIN enterprises e ON e.credit_code = f.credit_code
          WHERE f.code = ? AND f.status = 'OPEN' FOR SHARE OF f
       ),
       inserted AS (
         INSERT INTO registrations (filing_id, person_id, id_number, name, phone, origin_code, arrived_on, status, registered_at)
         SELECT id, ?, ?, ?, ?, ?, ?::date, 'PENDING', now() FROM target
         ON CONFLICT (filing_id, person_id) DO NOTHING
         RETURNING id, status, registered_at, true AS created
       )
       SELECT i.*, (SELECT registered_with FROM target) FROM inserted i
       UNION ALL
       SELECT r.id, r.status, r.registered_at, false, t.registered_with FROM registrations r JOIN target t ON r.filing_id = t.id
        WHERE r.person_id = ? AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        code,
        registration.person_id,
        registration.id_number,
        registration.name,
        registration.phone,
        registration.origin_code,
        registration.arrived_on,
        registration.person_id,
      ],
    );
    return rows[0];
  }

  registrationOf(filingId: number, personId: string): Promise<DbRegistrationRow | undefined> {
    return this.db('registrations')
      .comment('enterprises.registrationOf')
      .select('*')
      .where({ filing_id: filingId, person_id: personId })
      .first();
  }

  /** Decides pending registrations: the listed ones, or all when `ids` is null. Returns the ids decided. */
  async decide(
    filingId: number,
    ids: number[] | null,
    status: 'APPROVED' | 'REJECTED',
    reason: string | null,
    at: Date,
  ): Promise<number[]> {
    const query = this.db('registrations')
      .comment('enterprises.decideRegistrations')
      .where({ filing_id: filingId, status: 'PENDING' });
    if (ids) query.whereIn('id', ids);
    const rows: Array<{ id: number }> = await query
      .update({ status, decided_at: at, decision_reason: reason })
      .returning('id');
    return rows.map((row) => Number(row.id));
  }

  async existingRegistrationIds(filingId: number, ids: number[]): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.db('registrations')
      .comment('enterprises.existingRegistrationIds')
      .select('id')
      .where({ filing_id: filingId })
      .whereIn('id', ids);
    return rows.map((row) => Number(row.id));
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
    return rows.map((row) => ({ ...row, id: Number(row.id), filing_id: Number(row.filing_id) }));
  }

  async registrationCountsByFilings(
    filingIds: readonly number[],
  ): Promise<Array<RegistrationCountsRow & { filing_id: number }>> {
    const rows = await this.db('registration_counts')
      .comment('enterprises.registrationCountsByFilings')
      .select(
        'filing_id',
        this.db.raw(
          'sum(pending) AS pending, sum(approved) AS approved, sum(rejected) AS rejected, sum(pending + approved + rejected) AS total',
        ),
      )
      .whereIn('filing_id', filingIds)
      .groupBy('filing_id');
    return rows.map((row: RegistrationCountsRow & { filing_id: number }) => ({
      ...row,
      filing_id: Number(row.filing_id),
    }));
  }

  async eventsByFilings(filingIds: readonly number[]): Promise<DbFilingEventRow[]> {
    const rows: DbFilingEventRow[] = await this.db('filing_events')
      .comment('enterprises.eventsByFilings')
      .select('*')
      .whereIn('filing_id', filingIds)
      .orderBy('id');
    return rows.map((row) => ({ ...row, filing_id: Number(row.filing_id) }));
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
      .groupBy(`f.${column}`) as unknown as Promise<FilingCountsRow[]>;
  }
}
