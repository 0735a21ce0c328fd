import { shiftDate, type Database } from '@cityhub/kit';
import { testCity } from './hub.js';

export interface Colours {
  green: number;
  yellow: number;
  red: number;
}

/**
 * Each street's residents by health-code colour at the end of each of `days` days from `from`, as the
 * generated city's history has them: a resident shows their colour from the day it changed, green
 * before. What the seed's snapshots were taken from, recomputed here without the hub.
 */
export function healthCodesByStreet(from: string, days: number): Map<string, Colours[]> {
  const city = testCity();
  const streets = new Map<string, Colours[]>();
  for (let i = 0; i < city.residentCount; i++) {
    const person = city.person(i);
    let counts = streets.get(person.streetCode);
    if (!counts) {
      counts = Array.from({ length: days }, () => ({ green: 0, yellow: 0, red: 0 }));
      streets.set(person.streetCode, counts);
    }
    for (let day = 0; day < days; day++) {
      const shown =
        person.healthCodeChangedOn <= shiftDate(from, day) ? person.healthCode : 'GREEN';
      counts[day]![shown === 'RED' ? 'red' : shown === 'YELLOW' ? 'yellow' : 'green'] += 1;
    }
  }
  return streets;
}

/**
 * The enterprises with an approved filing reviewed by the end of each day (city time), per street,
 * read from the department's own filings: `${street} ${date}` → count (absent: none).
 */
export async function resumedByStreetAndDay(
  enterprises: Database,
  dates: string[],
): Promise<Map<string, number>> {
  const { rows } = await enterprises.raw<{
    rows: Array<{ date: string; street_code: string; resumed: number }>;
  }>(
    `SELECT d::text AS date, f.street_code, count(DISTINCT f.credit_code)::int AS resumed
       FROM unnest(?::date[]) AS d
       JOIN filings f ON f.status = 'APPROVED'
        AND f.reviewed_at < (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY 1, 2`,
    [dates],
  );
  return new Map(rows.map((row) => [`${row.street_code} ${row.date}`, row.resumed]));
}
