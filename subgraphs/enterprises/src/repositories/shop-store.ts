import type { Knex } from 'knex';
import type { NewRegistration, RegistrationOutcome } from './filing-store.js';
import type { DbShopRow, DbShopStaffRow, RegistrationCountsRow } from './rows.js';

/** Street shops (沿街商铺) and their staff. The only SQL about shops. */
export class ShopStore {
  constructor(private readonly db: Knex) {}

  in(trx: Knex.Transaction): ShopStore {
    return new ShopStore(trx);
  }

  shopsByIds(ids: readonly number[]): Promise<DbShopRow[]> {
    return this.db('shops').comment('enterprises.shopsByIds').select('*').whereIn('id', ids);
  }

  shopsByStaffCodes(codes: readonly string[]): Promise<DbShopRow[]> {
    return this.db('shops')
      .comment('enterprises.shopsByStaffCodes')
      .select('*')
      .whereIn('staff_code', codes);
  }

  shopsByEnterprises(creditCodes: readonly string[]): Promise<DbShopRow[]> {
    return this.db('shops')
      .comment('enterprises.shopsByEnterprises')
      .select('*')
      .whereIn('credit_code', creditCodes)
      .orderBy('id');
  }

  lockShop(id: number): Promise<DbShopRow | undefined> {
    return this.db('shops')
      .comment('enterprises.lockShop')
      .select('*')
      .where({ id })
      .forUpdate()
      .first();
  }

  async insertShop(row: Omit<DbShopRow, 'id'>): Promise<DbShopRow> {
    const [inserted] = await this.db('shops')
      .comment('enterprises.insertShop')
      .insert(row)
      .returning('*');
    return inserted as DbShopRow;
  }

  /** One page of shops for each street, in one statement; the keyset is the id. */
  async shopPagesByStreets(
    streetCodes: readonly string[],
    limit: number,
    afterId: number | null,
  ): Promise<DbShopRow[]> {
    const { rows } = await this.db.raw<{ rows: DbShopRow[] }>(
      `/* enterprises.shopPagesByStreets */
       SELECT sh.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT * FROM shops WHERE street_code = s.code AND (?::bigint IS NULL OR id > ?::bigint) ORDER BY id LIMIT ?
       ) sh`,
      [[...streetCodes], afterId, afterId, limit],
    );
    return rows;
  }

  staffByShops(shopIds: readonly number[]): Promise<DbShopStaffRow[]> {
    return this.db('shop_staff')
      .comment('enterprises.staffByShops')
      .select('*')
      .whereIn('shop_id', shopIds)
      .orderBy('id');
  }

  staffCountsByShops(
    shopIds: readonly number[],
  ): Promise<Array<RegistrationCountsRow & { shop_id: number }>> {
    return this.db('shop_staff')
      .comment('enterprises.staffCountsByShops')
      .select(
        'shop_id',
        this.db.raw(`count(*) FILTER (WHERE status = 'PENDING') AS pending`),
        this.db.raw(`count(*) FILTER (WHERE status = 'APPROVED') AS approved`),
        this.db.raw(`count(*) FILTER (WHERE status = 'REJECTED') AS rejected`),
        this.db.raw('count(*) AS total'),
      )
      .whereIn('shop_id', shopIds)
      .groupBy('shop_id') as unknown as Promise<Array<RegistrationCountsRow & { shop_id: number }>>;
  }

  /** Shops per street and their staff, for many streets in one statement. */
  async shopCountsByStreets(
    streetCodes: readonly string[],
  ): Promise<
    Array<{ key: string; shops: number; staff_registered: number; staff_approved: number }>
  > {
    const { rows } = await this.db.raw<{
      rows: Array<{ key: string; shops: number; staff_registered: number; staff_approved: number }>;
    }>(
      `/* enterprises.shopCountsByStreets */
       SELECT s.street_code AS key, count(*) AS shops, coalesce(sum(st.registered), 0) AS staff_registered, coalesce(sum(st.approved), 0) AS staff_approved
         FROM shops s
         LEFT JOIN (SELECT shop_id, count(*) AS registered, count(*) FILTER (WHERE status = 'APPROVED') AS approved FROM shop_staff GROUP BY shop_id) st ON st.shop_id = s.id
        WHERE s.street_code = ANY(?::text[])
        GROUP BY s.street_code`,
      [[...streetCodes]],
    );
    return rows;
  }

  /** Registers a staff member in one statement, idempotently per shop and person (see FilingStore.register). */
  async registerStaff(
    code: string,
    registration: NewRegistration,
  ): Promise<RegistrationOutcome | undefined> {
    const { rows } = await this.db.raw<{ rows: RegistrationOutcome[] }>(
      `/* enterprises.registerStaff */
       WITH target AS (SELECT id, name AS registered_with FROM shops WHERE staff_code = ? FOR SHARE),
       inserted AS (
         INSERT INTO shop_staff (shop_id, person_id, id_number, name, phone, origin_code, arrived_on, status, registered_at)
         SELECT id, ?, ?, ?, ?, ?, ?::date, 'PENDING', now() FROM target
         ON CONFLICT (shop_id, person_id) DO NOTHING
         RETURNING id, status, registered_at, true AS created
       )
       SELECT i.*, (SELECT registered_with FROM target) FROM inserted i
       UNION ALL
       SELECT r.id, r.status, r.registered_at, false, t.registered_with FROM shop_staff r JOIN target t ON r.shop_id = t.id
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

  staffOf(shopId: number, personId: string): Promise<DbShopStaffRow | undefined> {
    return this.db('shop_staff')
      .comment('enterprises.staffOf')
      .select('*')
      .where({ shop_id: shopId, person_id: personId })
      .first();
  }

  async decide(
    shopId: number,
    ids: number[] | null,
    status: 'APPROVED' | 'REJECTED',
    reason: string | null,
    at: Date,
  ): Promise<number[]> {
    const query = this.db('shop_staff')
      .comment('enterprises.decideShopStaff')
      .where({ shop_id: shopId, status: 'PENDING' });
    if (ids) query.whereIn('id', ids);
    const rows: Array<{ id: number }> = await query
      .update({ status, decided_at: at, decision_reason: reason })
      .returning('id');
    return rows.map((row) => Number(row.id));
  }

  async existingStaffIds(shopId: number, ids: number[]): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.db('shop_staff')
      .comment('enterprises.existingStaffIds')
      .select('id')
      .where({ shop_id: shopId })
      .whereIn('id', ids);
    return rows.map((row) => Number(row.id));
  }

  async pendingStaffCount(shopId: number): Promise<number> {
    const [row] = await this.db('shop_staff')
      .comment('enterprises.pendingStaffCount')
      .where({ shop_id: shopId, status: 'PENDING' })
      .count({ total: '*' });
    return Number(row?.total ?? 0);
  }
}
