import { recordOf, recordsOf, Store, withinStreets, type Snaked } from '@cityhub/kit';
import type { Knex } from 'knex';
import { EARTH_RADIUS_METERS, RADIUS_TOLERANCE_METERS, boundingBox } from '../rules/geo.js';
import type { DbSiteRow, SiteFilter, SiteKind, SiteStatus } from './rows.js';

/** A site's columns, as the store reads them and the seed writes them. */
export const SITE_COLUMNS: Array<keyof Snaked<DbSiteRow> & string> = [
  'id',
  'kind',
  'name',
  'project',
  'status',
  'address',
  'street_code',
  'latitude',
  'longitude',
  'contractor_credit_code',
  'capacity',
];
// The same haversine as rules/geo.ts, so that the API and its tests measure alike.
const DISTANCE_SQL = `2 * ${EARTH_RADIUS_METERS} * asin(least(1, sqrt(power(sin(radians(latitude - ?) / 2), 2) + cos(radians(?)) * cos(radians(latitude)) * power(sin(radians(longitude - ?) / 2), 2))))`;

/** Sites: construction sites and crowded venues. The only SQL about sites themselves. */
export class SiteStore extends Store {
  sitesByIds(ids: readonly string[]): Promise<DbSiteRow[]> {
    return recordsOf<DbSiteRow>(
      this.db('sites').comment('sites.sitesByIds').select(SITE_COLUMNS).whereIn('id', ids),
    );
  }

  sitesByContractors(creditCodes: readonly string[]): Promise<DbSiteRow[]> {
    return recordsOf<DbSiteRow>(
      this.db('sites')
        .comment('sites.sitesByContractors')
        .select(SITE_COLUMNS)
        .whereIn('contractor_credit_code', creditCodes)
        .orderBy('id'),
    );
  }

  /**
   * One page of a search. Ordered by id; with `near`, by distance and then id, the keyset being
   * "distance/id" (a float8 printed by PostgreSQL reads back as the same float8).
   */
  async sitesPage(
    filter: SiteFilter,
    limit: number,
    afterKey: string | null,
  ): Promise<DbSiteRow[]> {
    if (!filter.near) {
      const query = this.filtered(filter).comment('sites.sitesPage').select(SITE_COLUMNS);
      if (afterKey !== null) query.where('id', '>', afterKey);
      return recordsOf<DbSiteRow>(query.orderBy('id').limit(limit));
    }
    const query = this.db
      .from(this.withDistance(filter).as('s'))
      .comment('sites.sitesPageNear')
      .select('*');
    query.where('distance_meters', '<=', filter.near.radiusMeters + RADIUS_TOLERANCE_METERS);
    if (afterKey !== null) {
      const slash = afterKey.indexOf('/');
      query.whereRaw('(distance_meters, id) > (?::float8, ?)', [
        afterKey.slice(0, slash),
        afterKey.slice(slash + 1),
      ]);
    }
    return recordsOf<DbSiteRow>(
      query.orderBy([{ column: 'distance_meters' }, { column: 'id' }]).limit(limit),
    );
  }

  async sitesCount(filter: SiteFilter): Promise<number> {
    if (!filter.near) {
      const [row] = await this.filtered(filter)
        .comment('sites.sitesCount')
        .count<Array<{ total: number }>>({ total: '*' });
      return row?.total ?? 0;
    }
    const [row] = await this.db
      .from(this.withDistance(filter).as('s'))
      .comment('sites.sitesCountNear')
      .where('distance_meters', '<=', filter.near.radiusMeters + RADIUS_TOLERANCE_METERS)
      .count<Array<{ total: number }>>({ total: '*' });
    return row?.total ?? 0;
  }

  /** One page of sites for each street, in one statement: a lateral join per street. */
  async sitePagesByStreets(
    streetCodes: readonly string[],
    kind: SiteKind | null,
    status: SiteStatus | null,
    limit: number,
    afterKey: string | null,
  ): Promise<DbSiteRow[]> {
    const { rows } = await this.db.raw<{ rows: Array<Snaked<DbSiteRow>> }>(
      `/* sites.sitePagesByStreets */
       SELECT p.* FROM unnest(?::text[]) AS s(code)
       CROSS JOIN LATERAL (
         SELECT ${SITE_COLUMNS.join(', ')} FROM sites
          WHERE street_code = s.code AND (?::text IS NULL OR kind = ?::text) AND (?::text IS NULL OR status = ?::text) AND (?::text IS NULL OR id > ?::text)
          ORDER BY id LIMIT ?
       ) p`,
      [[...streetCodes], kind, kind, status, status, afterKey, afterKey, limit],
    );
    return rows.map((row) => recordOf<DbSiteRow>(row));
  }

  siteTotalsByStreets(
    streetCodes: readonly string[],
    kind: SiteKind | null,
    status: SiteStatus | null,
  ): Promise<Array<{ streetCode: string; total: number }>> {
    const query = this.db('sites')
      .comment('sites.siteTotalsByStreets')
      .select('street_code')
      .count<Array<{ street_code: string; total: number }>>({ total: '*' })
      .whereIn('street_code', streetCodes);
    if (kind) query.where({ kind });
    if (status) query.where({ status });
    return recordsOf<{ streetCode: string; total: number }>(query.groupBy('street_code'));
  }

  /** Active construction sites with no current report for the date. */
  sitesWithoutReport(date: string, streetCodes: string[] | null): Promise<DbSiteRow[]> {
    const query = this.db('sites')
      .comment('sites.sitesWithoutReport')
      .select(SITE_COLUMNS)
      .where({ kind: 'CONSTRUCTION', status: 'ACTIVE' })
      .whereNotExists((sub) =>
        sub
          .select(this.db.raw('1'))
          .from('daily_reports as r')
          .whereRaw('r.site_id = sites.id')
          .andWhere('r.report_date', date)
          .whereNull('r.superseded_at'),
      );
    withinStreets(query, streetCodes);
    return recordsOf<DbSiteRow>(query.orderBy('id'));
  }

  private filtered(filter: SiteFilter): Knex.QueryBuilder {
    const query = this.db('sites');
    withinStreets(query, filter.streetCodes);
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.status) query.where('status', filter.status);
    if (filter.name) {
      const pattern = `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where((q) => q.whereILike('name', pattern).orWhereILike('project', pattern));
    }
    if (filter.near) {
      const box = boundingBox(filter.near);
      query
        .whereBetween('latitude', [box.minLatitude, box.maxLatitude])
        .whereBetween('longitude', [box.minLongitude, box.maxLongitude]);
    }
    return query;
  }

  private withDistance(filter: SiteFilter): Knex.QueryBuilder {
    const { latitude, longitude } = filter.near!;
    return this.filtered(filter).select([
      ...SITE_COLUMNS,
      this.db.raw(`${DISTANCE_SQL} AS distance_meters`, [latitude, latitude, longitude]),
    ]);
  }
}
