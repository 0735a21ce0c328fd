import { recordOf, recordsOf, Store, type Snaked } from '@cityhub/kit';
import type {
  DbCommunityRow,
  DbDistrictRow,
  DbStreetRow,
  HealthCounts,
  KeyedTotal,
} from './rows.js';

const STREET_COLUMNS = ['code', 'district_code', 'name', 'kind', 'latitude', 'longitude'];
// A community row with its counts; communities without residents have no counts row.
const COMMUNITY_WITH_COUNTS = `c.code, c.street_code, c.name, c.latitude, c.longitude,
  coalesce(cc.residents, 0) AS residents, coalesce(cc.green, 0) AS green,
  coalesce(cc.yellow, 0) AS yellow, coalesce(cc.red, 0) AS red`;

/** Districts, streets and communities, and the counts kept per community. The only SQL about geography. */
export class GeographyStore extends Store {
  allDistricts(): Promise<DbDistrictRow[]> {
    return this.db('districts')
      .comment('population.allDistricts')
      .select('code', 'name')
      .orderBy('code');
  }

  districtsByCodes(codes: readonly string[]): Promise<DbDistrictRow[]> {
    return this.db('districts')
      .comment('population.districtsByCodes')
      .select('code', 'name')
      .whereIn('code', codes);
  }

  streetsByCodes(codes: readonly string[]): Promise<DbStreetRow[]> {
    return recordsOf<DbStreetRow>(
      this.db('streets')
        .comment('population.streetsByCodes')
        .select(STREET_COLUMNS)
        .whereIn('code', codes),
    );
  }

  streetsByDistricts(districtCodes: readonly string[]): Promise<DbStreetRow[]> {
    return recordsOf<DbStreetRow>(
      this.db('streets')
        .comment('population.streetsByDistricts')
        .select(STREET_COLUMNS)
        .whereIn('district_code', districtCodes)
        .orderBy('code'),
    );
  }

  communitiesByCodes(codes: readonly string[]): Promise<DbCommunityRow[]> {
    return recordsOf<DbCommunityRow>(
      this.db('communities as c')
        .comment('population.communitiesByCodes')
        .leftJoin('community_counts as cc', 'cc.community_code', 'c.code')
        .select(this.db.raw(COMMUNITY_WITH_COUNTS))
        .whereIn('c.code', codes),
    );
  }

  /** One page of communities for each street, in one statement: a lateral join per street. */
  async communityPagesByStreets(
    streetCodes: readonly string[],
    limit: number,
    afterKey: string | null,
  ): Promise<DbCommunityRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbCommunityRow>> }>(
      `/* population.communityPagesByStreets */
       SELECT c.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT ${COMMUNITY_WITH_COUNTS} FROM communities c
         LEFT JOIN community_counts cc ON cc.community_code = c.code
         WHERE c.street_code = s.code AND (?::text IS NULL OR c.code > ?::text)
         ORDER BY c.code LIMIT ?
       ) c`,
      [[...streetCodes], afterKey, afterKey, limit],
    );
    return rows.map((row) => recordOf<DbCommunityRow>(row));
  }

  communityTotalsByStreets(streetCodes: readonly string[]): Promise<KeyedTotal[]> {
    return this.db('communities')
      .comment('population.communityTotalsByStreets')
      .select({ key: 'street_code' })
      .count({ total: '*' })
      .whereIn('street_code', streetCodes)
      .groupBy('street_code');
  }

  healthCountsByStreets(codes: readonly string[]): Promise<Array<HealthCounts & { key: string }>> {
    return this.sumCounts('c.street_code', codes, 'population.healthCountsByStreets');
  }

  healthCountsByDistricts(
    codes: readonly string[],
  ): Promise<Array<HealthCounts & { key: string }>> {
    return this.sumCounts('s.district_code', codes, 'population.healthCountsByDistricts');
  }

  private sumCounts(
    column: string,
    codes: readonly string[],
    label: string,
  ): Promise<Array<HealthCounts & { key: string }>> {
    return this.db('community_counts as cc')
      .comment(label)
      .join('communities as c', 'c.code', 'cc.community_code')
      .join('streets as s', 's.code', 'c.street_code')
      .select({ key: column })
      .sum({ residents: 'cc.residents', green: 'cc.green', yellow: 'cc.yellow', red: 'cc.red' })
      .whereIn(column, codes)
      .groupBy(column);
  }

  regionNames(codes: readonly string[]): Promise<Array<{ code: string; name: string }>> {
    return this.db('origin_regions')
      .comment('population.regionNames')
      .select('code', 'name')
      .whereIn('code', codes);
  }

  keyRegions(): Promise<Array<{ prefix: string; name: string }>> {
    return this.db('key_regions')
      .comment('population.keyRegions')
      .select('prefix', 'name')
      .orderBy('prefix');
  }
}
