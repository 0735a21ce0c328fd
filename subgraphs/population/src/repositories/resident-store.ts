import {
  likePrefix,
  prepared,
  recordsOf,
  rowCount,
  Store,
  textArray,
  withinStreets,
} from '@cityhub/kit';
import type {
  ArrivalFilter,
  DbArrivalRow,
  DbResidentRow,
  KeyedTotal,
  ResidentFilter,
} from './rows.js';

/** The columns of a resident; the seed writes the same ones. */
export const RESIDENT_COLUMN_NAMES = [
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
/** The columns of an arrival the seed writes; the id is the table's own. */
export const ARRIVAL_COLUMN_NAMES = [
  'person_id',
  'arrived_on',
  'from_code',
  'channel',
  'community_code',
  'street_code',
];
const RESIDENT_COLUMNS = RESIDENT_COLUMN_NAMES;
const ARRIVAL_COLUMNS = ['id', ...ARRIVAL_COLUMN_NAMES];
/** Byte order, as the listing's indexes keep it, so that a building's households sit together. */
const LISTING_ADDRESS = `coalesce(address, '') COLLATE "C"`;
const NEWEST_ARRIVAL_FIRST = [
  { column: 'arrived_on', order: 'desc' },
  { column: 'id', order: 'desc' },
];

/** Residents and their arrivals from key regions. The only SQL about people. */
export class ResidentStore extends Store {
  // The health-code gate's lookups: one text whatever the batch's size, so that they can be prepared.
  residentsByIds(ids: readonly string[]): Promise<DbResidentRow[]> {
    return this.residentsWhereAny('id', 'population.residentsByIds', ids);
  }

  residentsByIdNumbers(idNumbers: readonly string[]): Promise<DbResidentRow[]> {
    return this.residentsWhereAny('id_number', 'population.residentsByIdNumbers', idNumbers);
  }

  private residentsWhereAny(column: 'id' | 'id_number', label: string, values: readonly string[]) {
    return recordsOf<DbResidentRow>(
      prepared(
        this.db,
        label,
        this.db('residents')
          .comment(label)
          .select(RESIDENT_COLUMNS)
          .whereRaw(`${column} = any(?::text[])`, [textArray(values)]),
      ),
    );
  }

  arrivalsByPeople(personIds: readonly string[]): Promise<DbArrivalRow[]> {
    return recordsOf<DbArrivalRow>(
      this.db('arrivals')
        .comment('population.arrivalsByPeople')
        .select(ARRIVAL_COLUMNS)
        .whereIn('person_id', personIds)
        .orderBy(NEWEST_ARRIVAL_FIRST),
    );
  }

  /** Newest first; the keyset is (arrived_on, id), encoded as "date/id". */
  arrivalsPage(
    filter: ArrivalFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbArrivalRow[]> {
    const query = this.filtered(filter).comment('population.arrivalsPage').select(ARRIVAL_COLUMNS);
    if (afterKey) {
      const [date = '', id = ''] = afterKey.split('/');
      query.whereRaw('(arrived_on, id) < (?::date, ?::bigint)', [date, id]);
    }
    return recordsOf<DbArrivalRow>(query.orderBy(NEWEST_ARRIVAL_FIRST).limit(limit));
  }

  arrivalsCount(filter: ArrivalFilter): Promise<number> {
    return rowCount(this.filtered(filter), 'population.arrivalsCount');
  }

  /** Arrivals in a window counted per area, for many areas in one statement. */
  arrivalCountsBy(
    column: 'community_code' | 'street_code',
    codes: readonly string[],
    from: string,
    to: string,
  ): Promise<KeyedTotal[]> {
    return this.db('arrivals')
      .comment(`population.arrivalCountsBy.${column}`)
      .select({ key: column })
      .count({ total: '*' })
      .whereIn(column, codes)
      .whereBetween('arrived_on', [from, to])
      .groupBy(column);
  }

  arrivalCountsByDistricts(
    codes: readonly string[],
    from: string,
    to: string,
  ): Promise<KeyedTotal[]> {
    return this.db('arrivals')
      .comment('population.arrivalCountsByDistricts')
      .select(this.db.raw('substr(street_code, 1, 6) AS key'))
      .count({ total: '*' })
      .whereRaw('substr(street_code, 1, 6) = ANY(?)', [[...codes]])
      .whereBetween('arrived_on', [from, to])
      .groupByRaw('1');
  }

  /** Residents registered at each (community, address), for many addresses in one statement. */
  async residentCountsAtAddresses(
    keys: ReadonlyArray<{ communityCode: string; address: string }>,
  ): Promise<Array<{ communityCode: string; address: string; total: number }>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ communityCode: string; address: string; total: number }>;
    }>(
      `/* population.residentCountsAtAddresses */
       SELECT r.community_code AS "communityCode", r.address, count(*)::int AS total
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
  ): Promise<KeyedTotal[]> {
    return this.db('residents')
      .comment('population.bornOnOrBeforeByCommunities')
      .select({ key: 'community_code' })
      .count({ total: '*' })
      .whereIn('community_code', codes)
      .where('birth_date', '<=', bornOnOrBefore)
      .groupBy('community_code');
  }

  /** One community's residents in address order; the keyset is (address, id), as JSON. */
  residentsPage(
    filter: ResidentFilter,
    limit: number,
    after: { address: string; id: string } | null,
  ): Promise<DbResidentRow[]> {
    const query = this.listed(filter).comment('population.residentsPage').select(RESIDENT_COLUMNS);
    if (after) query.whereRaw(`(${LISTING_ADDRESS}, id) > (?, ?)`, [after.address, after.id]);
    return recordsOf<DbResidentRow>(query.orderByRaw(`${LISTING_ADDRESS}, id`).limit(limit));
  }

  residentsCount(filter: ResidentFilter): Promise<number> {
    return rowCount(this.listed(filter), 'population.residentsCount');
  }

  private listed(filter: ResidentFilter) {
    const query = this.db('residents').where('community_code', filter.communityCode);
    if (filter.nameContains) query.whereRaw(`strpos(name, ?) > 0`, [filter.nameContains]);
    if (filter.addressStartsWith)
      query.whereRaw(`${LISTING_ADDRESS} LIKE ?`, [likePrefix(filter.addressStartsWith)]);
    if (filter.healthCode) query.where('health_code', filter.healthCode);
    if (filter.bornOnOrBefore) query.where('birth_date', '<=', filter.bornOnOrBefore);
    if (filter.bornAfter) query.where('birth_date', '>', filter.bornAfter);
    return query;
  }

  private filtered(filter: ArrivalFilter) {
    const query = this.db('arrivals').whereBetween('arrived_on', [filter.from, filter.to]);
    if (filter.streetCode) query.where('street_code', filter.streetCode);
    if (filter.communityCode) query.where('community_code', filter.communityCode);
    withinStreets(query, filter.streetCodes);
    return query;
  }
}
