import { areaKeySql, type AreaLevel, type Database } from '@cityhub/kit';

export interface FlagCountsRow {
  key: string;
  open: number;
  confirmed: number;
  false_alarm: number;
}

/** Group-rental flags (群租) counted by status per area. The only SQL about it. */
export class FlagCountStore {
  constructor(private readonly db: Database) {}

  async byStatus(
    level: AreaLevel,
    codes: string[],
    month: string | null,
  ): Promise<FlagCountsRow[]> {
    const area = areaKeySql(level, 'f.');
    const { rows } = await this.db.raw<{ rows: FlagCountsRow[] }>(
      `/* risk.groupRentalFlagCounts */
       SELECT ${area} AS key, count(*) FILTER (WHERE f.status = 'OPEN') AS open,
              count(*) FILTER (WHERE f.status = 'CONFIRMED') AS confirmed, count(*) FILTER (WHERE f.status = 'FALSE_ALARM') AS false_alarm
         FROM (SELECT *, left(street_code, 6) AS district_code FROM group_rental_flags WHERE ?::text IS NULL OR month = ?::text) f
        WHERE ${area} = ANY(?::text[])
        GROUP BY 1`,
      [month, month, codes],
    );
    return rows;
  }
}
