import {
  BadUserInputError,
  cityMidnight,
  groupBy,
  objectKeyedLoader,
  type Database,
} from '@cityhub/kit';
import {
  HourProfileStore,
  type HourOfDayProfileParent,
} from './repositories/hour-profile-store.js';

/** A calendar month `YYYY-MM`: its first day and the first day of the next, and its length. */
export function calendarMonth(month: string): { first: string; next: string; days: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new BadUserInputError('month', 'a calendar month as YYYY-MM, e.g. 2020-02');
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const next = new Date(Date.UTC(year, index + 1, 1)).toISOString().slice(0, 10);
  const days = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
  return { first: `${month}-01`, next, days };
}

/** Per-request loader of stations' month profiles: stations asking the same month share one statement. */
export function createHourProfileLoader(db: Database) {
  const store = new HourProfileStore(db);
  return objectKeyedLoader<{ code: string; month: string }, HourOfDayProfileParent>(
    async (keys) => {
      const found = new Map<string, number>();
      for (const [month, group] of groupBy(keys, (key) => key.month)) {
        const { first, next } = calendarMonth(month);
        const rows = await store.byHourOfDay(
          group.map((key) => key.code),
          cityMidnight(first),
          cityMidnight(next),
        );
        for (const row of rows)
          found.set(`${month}|${row.station_code}|${row.hour}`, Number(row.arrivals));
      }
      return keys.map(({ code, month }) => {
        const { days } = calendarMonth(month);
        const hours = Array.from({ length: 24 }, (_, hour) => ({
          hour,
          arrivals: found.get(`${month}|${code}|${hour}`) ?? 0,
          days,
        }));
        return { month, days, hours };
      });
    },
  );
}
