import {
  likePrefix,
  recordOf,
  recordsOf,
  rowCount,
  Store,
  withinStreets,
  type Snaked,
} from '@cityhub/kit';
import type { Knex } from 'knex';
import type { DbEnterpriseRow, EnterpriseFilter } from './rows.js';

/** The enterprise registry (企业法人库). The only SQL about enterprises themselves. */
export class EnterpriseStore extends Store {
  enterprisesByCodes(codes: readonly string[]): Promise<DbEnterpriseRow[]> {
    return recordsOf<DbEnterpriseRow>(
      this.db('enterprises')
        .comment('enterprises.enterprisesByCodes')
        .select('*')
        .whereIn('credit_code', codes),
    );
  }

  enterprisesByRepresentatives(personIds: readonly string[]): Promise<DbEnterpriseRow[]> {
    return recordsOf<DbEnterpriseRow>(
      this.db('enterprises')
        .comment('enterprises.enterprisesByRepresentatives')
        .select('*')
        .whereIn('legal_rep_person_id', personIds)
        .orderBy('credit_code'),
    );
  }

  /** Ordered by credit code; the keyset is the credit code. */
  enterprisesPage(
    filter: EnterpriseFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbEnterpriseRow[]> {
    const query = this.filtered(filter).comment('enterprises.enterprisesPage').select('*');
    if (afterKey) query.where('credit_code', '>', afterKey);
    return recordsOf<DbEnterpriseRow>(query.orderBy('credit_code').limit(limit));
  }

  enterprisesCount(filter: EnterpriseFilter): Promise<number> {
    return rowCount(this.filtered(filter), 'enterprises.enterprisesCount');
  }

  /** One page of enterprises for each street, in one statement: a lateral join per street. */
  async enterprisePagesByStreets(
    streetCodes: readonly string[],
    filter: Omit<EnterpriseFilter, 'streetCodes'>,
    limit: number,
    afterKey: string | null,
  ): Promise<DbEnterpriseRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbEnterpriseRow>> }>(
      `/* enterprises.enterprisePagesByStreets */
       SELECT e.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT * FROM enterprises
          WHERE street_code = s.code AND (?::text IS NULL OR credit_code > ?::text)
            AND (?::text IS NULL OR industry = ?::text) AND (?::text IS NULL OR status = ?::text)
            AND (?::text IS NULL OR name LIKE ?::text)
          ORDER BY credit_code LIMIT ?
       ) e`,
      [
        [...streetCodes],
        afterKey,
        afterKey,
        filter.industry,
        filter.industry,
        filter.status,
        filter.status,
        filter.namePrefix && likePrefix(filter.namePrefix),
        filter.namePrefix && likePrefix(filter.namePrefix),
        limit,
      ],
    );
    return rows.map((row) => recordOf<DbEnterpriseRow>(row));
  }

  enterpriseTotalsByStreets(
    streetCodes: readonly string[],
    filter: Omit<EnterpriseFilter, 'streetCodes'>,
  ): Promise<Array<{ streetCode: string; total: number }>> {
    return recordsOf<{ streetCode: string; total: number }>(
      this.filtered({ ...filter, streetCodes: [...streetCodes] })
        .comment('enterprises.enterpriseTotalsByStreets')
        .select('street_code', this.db.raw('count(*) AS total'))
        .groupBy('street_code'),
    );
  }

  enterpriseCountsByStreets(
    streetCodes: readonly string[],
  ): Promise<Array<{ key: string; total: number; operating: number }>> {
    return this.db('enterprises')
      .comment('enterprises.enterpriseCountsByStreets')
      .select(
        { key: 'street_code' },
        this.db.raw('count(*) AS total'),
        this.db.raw(`count(*) FILTER (WHERE status = 'OPERATING') AS operating`),
      )
      .whereIn('street_code', streetCodes)
      .groupBy('street_code');
  }

  private filtered(filter: EnterpriseFilter): Knex.QueryBuilder {
    const query = this.db('enterprises');
    withinStreets(query, filter.streetCodes);
    if (filter.industry) query.where('industry', filter.industry);
    if (filter.status) query.where('status', filter.status);
    if (filter.namePrefix) query.whereRaw(`name LIKE ?`, [likePrefix(filter.namePrefix)]);
    return query;
  }
}
