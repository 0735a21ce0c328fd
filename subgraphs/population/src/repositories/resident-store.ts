import type { Database } from '@cityhub/kit';
import type { ArrivalFilter, DbArrivalRow, DbResidentRow } from './rows.js';

/** The residents table's columns, in the order the seed and the import load them. */
export const RESIDENT_COLUMNS = [
  'id',
  'id_number',
  'name',
  'gender',
  'birth_date',
  'phone',
  'origin_code',
  'community_code',
  'address',
  'health_code',
  'health_code_changed_at',
];

/** Residents and their arrivals from key regions. The only SQL about people. */
export class ResidentStore {
  constructor(private readonly db: Database) {}

  residentsByIds(ids: readonly string[]): Promise<DbResidentRow[]> {
    return this.db('residents')
      .comment('population.residentsByIds')
      .select(RESIDENT_COLUMNS)
      .whereIn('id', ids);
  }

  residentsByIdNumbers(idNumbers: readonly string[]): Promise<DbResidentRow[]> {
    return this.db('residents')
      .comment('population.residentsByIdNumbers')
      .select(RESIDENT_COLUMNS)
      .whereIn('id_number', idNumbers);
  }

  arrivalsByPeople(personIds: readonly string[]): Promise<DbArrivalRow[]> {
    return this.db('arrivals')
      .comment('population.arrivalsByPeople')
      .select('*')
      .whereIn('person_id', personIds)
      .orderBy([
        { column: 'arrived_on', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
  }

  /** Newest first; the keyset is (arrived_on, id), encoded as "date/id". */
  arrivalsPage(
    filter: ArrivalFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbArrivalRow[]> {
    const query = this.filtered(filter).comment('population.arrivalsPage').select('*');
    if (afterKey) {
      const [date = '', id = ''] = afterKey.split('/');
      query.whereRaw('(arrived_on, id) < (?::date, ?::bigint)', [date, id]);
    }
    return query
      .orderBy([
        { column: 'arrived_on', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
  }

  async arrivalsCount(filter: ArrivalFilter): Promise<number> {
    const [row] = await this.filtered(filter)
      .comment('population.arrivalsCount')
      .count({ total: '*' });
    return Number(row?.total ?? 0);
  }

  /** Arrivals in a window counted per area, for many areas in one statement. */
  arrivalCountsBy(
    column: 'community_code' | 'street_code',
    codes: readonly string[],
    from: string,
    to: string,
  ): Promise<Array<{ key: string; total: number }>> {
    return this.db('arrivals')
      .comment(`population.arrivalCountsBy.${column}`)
      .select({ key: column })
      .count({ total: '*' })
      .whereIn(column, codes)
      .whereBetween('arrived_on', [from, to])
      .groupBy(column) as unknown as Promise<Array<{ key: string; total: number }>>;
  }

  async arrivalCountsByDistricts(
    codes: readonly string[],
    from: string,
    to: string,
  ): Promise<Array<{ key: string; total: number }>> {
    return this.db('arrivals')
      .comment('population.arrivalCountsByDistricts')
      .select(this.db.raw('substr(street_code, 1, 6) AS key'))
      .count({ total: '*' })
      .whereRaw('substr(street_code, 1, 6) = ANY(?)', [[...codes]])
      .whereBetween('arrived_on', [from, to])
      .groupByRaw('1') as unknown as Promise<Array<{ key: string; total: number }>>;
  }

  /** Residents registered at each (community, address), for many addresses in one statement. */
  async residentCountsAtAddresses(
    keys: ReadonlyArray<{ communityCode: string; address: string }>,
  ): Promise<Array<{ community_code: string; address: string; total: number }>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ community_code: string; address: string; total: number }>;
    }>(
      `/* population.residentCountsAtAddresses */
       SELECT r.community_code, r.address, count(*)::int AS total
         FROM residents r
         JOIN unnest(?::text[], ?::text[]) AS k(community_code, address) ON r.community_code = k.community_code AND r.address = k.address
        GROUP BY r.community_code, r.address`,
      [keys.map((key) => key.communityCode), keys.map((key) => key.address)],
    );
    return rows;
  }

  /** Residents born on or before a date, counted per community, for many communities in one statement. */
  bornOnOrBeforeByCommunities(
    codes: readonly string[],
    bornOnOrBefore: string,
  ): Promise<Array<{ key: string; total: number }>> {
    return this.db('residents')
      .comment('population.bornOnOrBeforeByCommunities')
      .select({ key: 'community_code' })
      .count({ total: '*' })
      .whereIn('community_code', codes)
      .where('birth_date', '<=', bornOnOrBefore)
      .groupBy('community_code') as unknown as Promise<Array<{ key: string; total: number }>>;
  }

  private filtered(filter: ArrivalFilter) {
    const query = this.db('arrivals').whereBetween('arrived_on', [filter.from, filter.to]);
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.communityCode) query.where('community_code', filter.communityCode);
    if (filter.streetCodes) query.whereIn('street_code', filter.streetCodes);
    return query;
  }
}
