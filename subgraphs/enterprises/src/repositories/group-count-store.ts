import { areaKeySql, provinceSql, type AreaLevel, type Database } from '@cityhub/kit';

export interface IndustryWarningRow {
  key: string;
  industry: string;
  warnings: number;
  enterprises: number;
}

export interface OriginDayRow {
  key: string;
  day: string;
  origin_province: string;
  count: number;
}

/** Typed group-by aggregates of the registry (dimensions fixed by the schema, never by the caller's SQL). */
export class GroupCountStore {
  constructor(private readonly db: Database) {}

  /** Early warnings and the enterprises they concern, by industry section, per area, from `since` on. */
  async warningsByIndustry(
    level: AreaLevel,
    codes: string[],
    since: string | null,
  ): Promise<IndustryWarningRow[]> {
    const area = areaKeySql(level, 'w.');
    const { rows } = await this.db.raw<{ rows: IndustryWarningRow[] }>(
      `/* enterprises.warningsByIndustry */
       SELECT ${area} AS key, e.industry, count(*) AS warnings, count(DISTINCT w.credit_code) AS enterprises
         FROM (SELECT *, left(street_code, 6) AS district_code FROM warnings) w
         JOIN enterprises e ON e.credit_code = w.credit_code
        WHERE ${area} = ANY(?::text[]) AND (?::date IS NULL OR w.month >= ?::date)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [codes, since, since],
    );
    return rows;
  }

  /** Registrations for work resumption by the registrant's origin province and city day, per area. */
  async registrationsByOriginAndDay(
    level: AreaLevel,
    codes: string[],
    from: string,
    to: string,
  ): Promise<OriginDayRow[]> {
    const area = areaKeySql(level, 'f.');
    const { rows } = await this.db.raw<{ rows: OriginDayRow[] }>(
      `/* enterprises.registrationsByOriginAndDay */
       SELECT ${area} AS key, (r.registered_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day,
              ${provinceSql('r.origin_code')} AS origin_province, count(*) AS count
         FROM registrations r
         JOIN (SELECT id, street_code, left(street_code, 6) AS district_code FROM filings) f ON f.id = r.filing_id
        WHERE ${area} = ANY(?::text[])
          AND r.registered_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND r.registered_at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [codes, from, to],
    );
    return rows;
  }
}
