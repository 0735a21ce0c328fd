import { Store, recordOf, recordsOf, type Snaked } from '@cityhub/kit';
import type { Knex } from 'knex';
import type { DbRegistrantRow } from './rows.js';

/**
 * Where people register with a code and are then decided on, one-to-N: a work-resumption filing's
 * registrations, a street shop's staff. The workflow is one; only the tables and the place differ.
 */
export interface RegistrationBook {
  /** Names the statements: `enterprises.<name>.register`… */
  name: 'filing' | 'shop';
  table: 'registrations' | 'shop_staff';
  parentColumn: 'filing_id' | 'shop_id';
  /**
   * Selects the place, aliased `p`, by its code (the one parameter): its `id`, the name people
   * register with (`registered_with`) and its `status` (registrations are taken while OPEN).
   */
  placeByCode: string;
  /** The condition on `p` under which the place takes registrations. */
  takesRegistrations: string;
}

export const FILING_BOOK: RegistrationBook = {
  name: 'filing',
  table: 'registrations',
  parentColumn: 'filing_id',
  placeByCode: `SELECT p.id, e.name AS registered_with, p.status
    FROM filings p JOIN enterprises e ON e.credit_code = p.credit_code WHERE p.code = ?`,
  takesRegistrations: `p.status = 'OPEN'`,
};

export const SHOP_BOOK: RegistrationBook = {
  name: 'shop',
  table: 'shop_staff',
  parentColumn: 'shop_id',
  placeByCode: `SELECT p.id, p.name AS registered_with, 'OPEN' AS status FROM shops p WHERE p.staff_code = ?`,
  takesRegistrations: 'true',
};

export type NewRegistration = Pick<
  DbRegistrantRow,
  'personId' | 'idNumber' | 'name' | 'phone' | 'originCode' | 'arrivedOn'
>;

export type RegistrationOutcome = Pick<DbRegistrantRow, 'id' | 'status' | 'registeredAt'> & {
  created: boolean;
  registeredWith: string;
};

export interface RegistrationPlace {
  id: number;
  registeredWith: string;
  status: string;
}

/** The registrations of one book (filings' or shops'). The only SQL about registering and deciding. */
export class RegistrationStore extends Store {
  constructor(
    db: Knex,
    private readonly book: RegistrationBook,
  ) {
    super(db);
  }

  override in(trx: Knex.Transaction): this {
    return new RegistrationStore(trx, this.book) as this;
  }

  private label(statement: string): string {
    return `enterprises.${this.book.name}.${statement}`;
  }

  /**
   * Registers in one statement; the place's row is share-locked so that a submission or a batch
   * decision cannot slip in between. Returns nothing when the code is unknown or the place closed,
   * or when a concurrent registration of the same person committed after this statement began.
   */
  async register(
    code: string,
    registration: NewRegistration,
  ): Promise<RegistrationOutcome | undefined> {
    const { table, parentColumn, placeByCode, takesRegistrations } = this.book;
    const { rows } = await this.db.raw<{ rows: Array<Snaked<RegistrationOutcome>> }>(
      `/* ${this.label('register')} */
       WITH target AS (${placeByCode} AND ${takesRegistrations} FOR SHARE OF p),
       inserted AS (
         INSERT INTO ${table} (${parentColumn}, person_id, id_number, name, phone, origin_code, arrived_on, status, registered_at)
         SELECT id, ?, ?, ?, ?, ?, ?::date, 'PENDING', now() FROM target
         ON CONFLICT (${parentColumn}, person_id) DO NOTHING
         RETURNING id, status, registered_at, true AS created
       )
       SELECT i.*, (SELECT registered_with FROM target) FROM inserted i
       UNION ALL
       SELECT r.id, r.status, r.registered_at, false, t.registered_with FROM ${table} r JOIN target t ON r.${parentColumn} = t.id
        WHERE r.person_id = ? AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        code,
        registration.personId,
        registration.idNumber,
        registration.name,
        registration.phone,
        registration.originCode,
        registration.arrivedOn,
        registration.personId,
      ],
    );
    return rows.map((row) => recordOf<RegistrationOutcome>(row))[0];
  }

  async placeByCode(code: string): Promise<RegistrationPlace | undefined> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<RegistrationPlace>> }>(
      `/* ${this.label('placeByCode')} */ ${this.book.placeByCode}`,
      [code],
    );
    return rows.map((row) => recordOf<RegistrationPlace>(row))[0];
  }

  async registrationOf(placeId: number, personId: string): Promise<DbRegistrantRow | undefined> {
    const [row] = await recordsOf<DbRegistrantRow>(
      this.db(this.book.table)
        .comment(this.label('registrationOf'))
        .select('*')
        .where({ [this.book.parentColumn]: placeId, person_id: personId }),
    );
    return row;
  }

  /** Decides pending registrations: the listed ones, or all when `ids` is null. Returns the ids decided. */
  async decide(
    placeId: number,
    ids: number[] | null,
    status: 'APPROVED' | 'REJECTED',
    reason: string | null,
    at: Date,
  ): Promise<number[]> {
    const query = this.db(this.book.table)
      .comment(this.label('decide'))
      .where({ [this.book.parentColumn]: placeId, status: 'PENDING' });
    if (ids) query.whereIn('id', ids);
    const rows: Array<{ id: number }> = await query
      .update({ status, decided_at: at, decision_reason: reason })
      .returning('id');
    return rows.map((row) => row.id);
  }

  /** Of the ids, those registered at the place (decided or not). */
  async existingIds(placeId: number, ids: number[]): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.db(this.book.table)
      .comment(this.label('existingIds'))
      .select('id')
      .where({ [this.book.parentColumn]: placeId })
      .whereIn('id', ids);
    return rows.map((row) => row.id);
  }
}
