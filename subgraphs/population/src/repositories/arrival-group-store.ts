import { areaKeySql, provinceSql, type AreaLevel, type Database } from '@cityhub/kit';

export interface ArrivalOriginDayRow {
  key: string;
  day: string;
  origin_province: string;
  count: number;
}

/** Key-region arrivals grouped by typed dimensions (origin province, day). The only SQL about it. */
export class ArrivalGroupStore {
  constructor(private readonly db: Database) {}

  /** Arrivals by the province they came from and the day, per area, from `from` to `to`. */
  async byOriginAndDay(
    level: AreaLevel,
    codes: string[],
    from: string,
    to: string,
  ): Promise<ArrivalOriginDayRow[]> {
    const area = areaKeySql(level, 'a.');
    const { rows } = await this.db.raw<{ rows: ArrivalOriginDayRow[] }>(
      `/* population.arrivalsByOriginAndDay */
       SELECT ${area} AS key, a.arrived_on::text AS day, ${provinceSql('a.from_code')} AS origin_province, count(*) AS count
         FROM (SELECT *, left(street_code, 6) AS district_code FROM arrivals
                WHERE arrived_on BETWEEN ?::date AND ?::date) a
        WHERE ${area} = ANY(?::text[])
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [from, to, codes],
    );
    return rows;
  }
}
