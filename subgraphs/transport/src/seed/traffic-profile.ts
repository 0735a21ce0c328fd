/**
 * How many people arrive, and when. The February 2020 figures of Shanghai South are the anchor:
 * about 5,000 arrivals a day, with 09:00–10:00 and 12:00–13:00 carrying about 40% of the day.
 */
export type TicketedKind = 'RAIL' | 'COACH';

// Weights per hour 00–23; each row sums to 100, so a weight is the hour's percentage of the day.
const RAIL_WEEKDAY = [
  0.3, 0, 0, 0, 0, 0.5, 1.5, 3, 5, 20, 6, 5, 20, 5, 4, 4, 4, 4, 4, 3, 3, 2.5, 3, 2.2,
];
const RAIL_WEEKEND = [
  0.3, 0, 0, 0, 0, 0.5, 1.5, 3, 5, 19, 6, 5, 19, 5, 4.5, 4.5, 4.5, 4.5, 4, 3, 3, 2.5, 3, 2.2,
];
const COACH = [0, 0, 0, 0, 0, 0, 4, 7, 9, 10, 10, 8, 7, 7, 7, 7, 7, 7, 5, 3, 1, 1, 0, 0];
const CHECKPOINT = [
  0.6, 0.3, 0.2, 0.2, 0.4, 1.2, 3.5, 7.5, 8.5, 6, 5, 5, 5, 5, 5, 5.5, 6.5, 8, 7.5, 4.5, 3.5, 2.8, 2,
  1.3,
];

// Tuned so that February 2020, with the Spring Festival return wave in its first half, averages 5,000.
const DAILY_BASE: Record<TicketedKind, { weekday: number; weekend: number }> = {
  RAIL: { weekday: 4_200, weekend: 4_650 },
  COACH: { weekday: 1_300, weekend: 1_600 },
};
export const CHECKPOINT_VEHICLES_PER_DAY = 600;

/** Passengers a service brings on average: long trains to Shanghai South, coaches to the coach station. */
export const PASSENGERS_PER_SERVICE: Record<TicketedKind, number> = { RAIL: 160, COACH: 35 };

/** Chinese New Year's Day (春节) by year: the return wave (返程高峰) follows it. */
const SPRING_FESTIVAL: Record<number, string> = {
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

export function hourlyWeights(
  kind: TicketedKind | 'CHECKPOINT',
  weekend: boolean,
): readonly number[] {
  if (kind === 'CHECKPOINT') return CHECKPOINT;
  if (kind === 'COACH') return COACH;
  return weekend ? RAIL_WEEKEND : RAIL_WEEKDAY;
}

export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function dailyBase(kind: TicketedKind, date: string): number {
  return isWeekend(date) ? DAILY_BASE[kind].weekend : DAILY_BASE[kind].weekday;
}

/**
 * How much busier than usual a day is: the Spring Festival (few arrivals over the holiday, then
 * the return wave peaking a week after New Year's Day), and the returns after the May Day and
 * National Day holidays.
 */
export function holidayFactor(date: string): number {
  const year = Number(date.slice(0, 4));
  for (const festivalYear of [year, year + 1]) {
    const newYear = SPRING_FESTIVAL[festivalYear];
    if (!newYear) continue;
    const day = Math.round(
      (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${newYear}T00:00:00Z`)) / 86_400_000,
    );
    if (day >= -7 && day <= -1) return 0.8;
    if (day >= 0 && day <= 3) return 0.45;
    if (day >= 4 && day <= 8) return 1 + (0.6 * (day - 4)) / 4;
    if (day > 8 && day <= 20) return 1 + (0.6 * (20 - day)) / 12;
  }
  const monthDay = date.slice(5);
  if (monthDay >= '10-01' && monthDay <= '10-03') return 0.8;
  if (monthDay >= '10-06' && monthDay <= '10-08') return 1.4;
  if (monthDay === '05-04' || monthDay === '05-05') return 1.3;
  return 1;
}
