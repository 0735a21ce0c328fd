import { areaKeySql, recordOf, type AreaLevel, type Database, type Snaked } from '@cityhub/kit';
import type { SiteKind } from './rows.js';

export interface SiteKindStreetRow {
  key: string;
  streetCode: string;
  kind: SiteKind;
  sites: number;
  activeSites: number;
}

/** Sites grouped by typed dimensions (kind, street). The only SQL about it. */
export class SiteGroupStore {
  constructor(private readonly db: Database) {}

  /** Sites and active sites per street and kind, for each area asked. */
  async byKindAndStreet(level: AreaLevel, codes: string[]): Promise<SiteKindStreetRow[]> {
    const area = areaKeySql(level, 's.');
    const { rows } = await this.db.raw<{ rows: Array<Snaked<SiteKindStreetRow>> }>(
      `/* sites.sitesByKindAndStreet */
       SELECT ${area} AS key, s.street_code, s.kind, count(*) AS sites, count(*) FILTER (WHERE s.status = 'ACTIVE') AS active_sites
         FROM (SELECT *, left(street_code, 6) AS district_code FROM sites) s
        WHERE ${area} = ANY(?::text[])
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [codes],
    );
    return rows.map((row) => recordOf<SiteKindStreetRow>(row));
  }
}
