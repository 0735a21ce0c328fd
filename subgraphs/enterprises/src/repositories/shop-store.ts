import { Store, columnsOf, recordOf, recordsOf, type Snaked } from '@cityhub/kit';
import type { DbShopRow, DbShopStaffRow, DbRegistrantRow, RegistrationCountsRow } from './rows.js';

export interface ShopCountsRow {
  key: string;
  shops: number;
  staffRegistered: number;
  staffApproved: number;
}

/** Street shops (沿街商铺) and their staff. The only SQL about shops. */
export class ShopStore extends Store {
  shopsByIds(ids: readonly number[]): Promise<DbShopRow[]> {
    return this.shopsWhere('id', ids, 'shopsByIds');
  }

  shopsByStaffCodes(codes: readonly string[]): Promise<DbShopRow[]> {
    return this.shopsWhere('staff_code', codes, 'shopsByStaffCodes');
  }

  shopsByEnterprises(creditCodes: readonly string[]): Promise<DbShopRow[]> {
    return this.shopsWhere('credit_code', creditCodes, 'shopsByEnterprises');
  }

  async lockShop(id: number): Promise<DbShopRow | undefined> {
    const [row] = await recordsOf<DbShopRow>(
      this.db('shops').comment('enterprises.lockShop').select('*').where({ id }).forUpdate(),
    );
    return row;
  }

  async insertShop(row: Omit<DbShopRow, 'id'>): Promise<DbShopRow> {
    const [inserted] = await this.db('shops')
      .comment('enterprises.insertShop')
      .insert(columnsOf(row))
      .returning<Array<Snaked<DbShopRow>>>('*');
    return recordOf<DbShopRow>(inserted!);
  }

  /** One page of shops for each street, in one statement; the keyset is the id. */
  async shopPagesByStreets(
    streetCodes: readonly string[],
    limit: number,
    afterId: number | null,
  ): Promise<DbShopRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbShopRow>> }>(
      `/* enterprises.shopPagesByStreets */
       SELECT sh.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT * FROM shops WHERE street_code = s.code AND (?::bigint IS NULL OR id > ?::bigint) ORDER BY id LIMIT ?
       ) sh`,
      [[...streetCodes], afterId, afterId, limit],
    );
    return rows.map((row) => recordOf<DbShopRow>(row));
  }

  staffByShops(shopIds: readonly number[]): Promise<DbShopStaffRow[]> {
    return recordsOf<DbRegistrantRow & { shopId: number }>(
      this.db('shop_staff')
        .comment('enterprises.staffByShops')
        .select('*')
        .whereIn('shop_id', shopIds)
        .orderBy('id'),
    );
  }

  staffCountsByShops(
    shopIds: readonly number[],
  ): Promise<Array<RegistrationCountsRow & { shopId: number }>> {
    return recordsOf<RegistrationCountsRow & { shopId: number }>(
      this.db('shop_staff')
        .comment('enterprises.staffCountsByShops')
        .select(
          'shop_id',
          this.db.raw(`count(*) FILTER (WHERE status = 'PENDING') AS pending`),
          this.db.raw(`count(*) FILTER (WHERE status = 'APPROVED') AS approved`),
          this.db.raw(`count(*) FILTER (WHERE status = 'REJECTED') AS rejected`),
          this.db.raw('count(*) AS total'),
        )
        .whereIn('shop_id', shopIds)
        .groupBy('shop_id'),
    );
  }

  /** Shops per street and their staff, for many streets in one statement. */
  async shopCountsByStreets(streetCodes: readonly string[]): Promise<ShopCountsRow[]> {
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
    return rows.map((row) => recordOf<ShopCountsRow>(row));
  }

  async pendingStaffCount(shopId: number): Promise<number> {
    const [row] = await this.db('shop_staff')
      .comment('enterprises.pendingStaffCount')
      .where({ shop_id: shopId, status: 'PENDING' })
      .count<Array<{ total: number }>>({ total: '*' });
    return row?.total ?? 0;
  }

  private shopsWhere(
    column: 'id' | 'staff_code' | 'credit_code',
    values: readonly (string | number)[],
    label: string,
  ): Promise<DbShopRow[]> {
    return recordsOf<DbShopRow>(
      this.db('shops')
        .comment(`enterprises.${label}`)
        .select('*')
        .whereIn(column, values)
        .orderBy('id'),
    );
  }
}
