import { groupBy, objectKeyedLoader, pushTo } from './loaders.js';
import { dateWindow } from './date-window.js';
import { shiftDate } from './city-calendar.js';
import { BadUserInputError } from './errors.js';

/**
 * Time series over daily figures (`series(from, to, interval)`). Bins are always whole calendar
 * bins — a day, an ISO week (Monday to Sunday), a calendar month — whatever `from` and `to` say:
 * a window that ends mid-week is widened to the whole week. So no two answers differ by a few days,
 * and subtracting neighbouring series cannot isolate a day that the disclosure rule rounds.
 */
export const SERIES_INTERVALS = ['DAY', 'WEEK', 'MONTH'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

/** A series may cover at most this many days (about 13 months), widened bins included. */
export const MAX_SERIES_DAYS = 400;

/** One bin of a series: its first and last date, both included. */
export interface SeriesBin {
  start: string;
  end: string;
}

/** The whole bins covering `from`..`to`, oldest first; refuses bad or too long windows before any SQL. */
export function seriesBins(from: string, to: string, interval: SeriesInterval): SeriesBin[] {
  if (!SERIES_INTERVALS.includes(interval))
    throw new BadUserInputError('interval', `one of ${SERIES_INTERVALS.join(', ')}`);
  dateWindow(from, to, MAX_SERIES_DAYS);
  const bins: SeriesBin[] = [];
  for (let start = binStart(from, interval); start <= to;) {
    const next = nextBinStart(start, interval);
    bins.push({ start, end: shiftDate(next, -1) });
    start = next;
  }
  const span = bins.length === 0 ? 0 : dateWindow(bins[0]!.start, bins.at(-1)!.end, Infinity).days;
  if (span > MAX_SERIES_DAYS)
    throw new BadUserInputError('to', `the series may cover at most ${MAX_SERIES_DAYS} days`, {
      maximum: MAX_SERIES_DAYS,
    });
  return bins;
}

/** The first date of the bin holding `date`. */
export function binStart(date: string, interval: SeriesInterval): string {
  if (interval === 'DAY') return date;
  if (interval === 'MONTH') return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return shiftDate(date, -weekday);
}

function nextBinStart(start: string, interval: SeriesInterval): string {
  if (interval === 'DAY') return shiftDate(start, 1);
  if (interval === 'WEEK') return shiftDate(start, 7);
  const next = new Date(`${start}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return next.toISOString().slice(0, 10);
}

/** A dated figure of one area (a street, a district...) as a store returns it. */
export interface DatedRow {
  key: string;
  date: string;
}

/** One point of a series: the bin, and the row that stands for it (null when the bin has none). */
export interface SeriesPoint<R> {
  bin: SeriesBin;
  row: R | null;
}

/**
 * A stock's series (residents by colour, enterprises resumed): each bin shows the last day in it
 * that has a figure, as a chart of the level at the end of each week or month would.
 */
export function lastOfEachBin<R extends DatedRow>(bins: SeriesBin[], rows: R[]): SeriesPoint<R>[] {
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return bins.map((bin) => ({
    bin,
    row: sorted.filter((row) => row.date >= bin.start && row.date <= bin.end).at(-1) ?? null,
  }));
}

/** What an area's rows are asked with: the area's code and the field's arguments. */
export interface AreaRowsKey<A> {
  code: string;
  args: A;
}

/**
 * A loader of an area's rows (a series, a group-by): the areas asked for with the same arguments
 * share one statement (`fetch(codes, args)`), and each area gets its rows, [] when it has none.
 */
export function areaRowsLoader<A, R extends { key: string }>(
  fetch: (codes: string[], args: A) => Promise<R[]>,
) {
  return objectKeyedLoader<AreaRowsKey<A>, R[]>(async (keys) => {
    const found = new Map<string, R[]>();
    for (const [argsKey, group] of groupBy(keys, (key) => JSON.stringify(key.args))) {
      const rows = await fetch([...new Set(group.map((key) => key.code))], group[0]!.args);
      for (const row of rows) pushTo(found, `${argsKey}|${row.key}`, row);
    }
    return keys.map((key) => found.get(`${JSON.stringify(key.args)}|${key.code}`) ?? []);
  });
}

/** A loader of dated rows per area over the whole bins' outer dates. */
export function datedRowsLoader<R extends DatedRow>(
  fetch: (codes: string[], from: string, to: string) => Promise<R[]>,
) {
  return areaRowsLoader<{ from: string; to: string }, R>((codes, { from, to }) =>
    fetch(codes, from, to),
  );
}

/** Each point of a stock's series for an area, loaded with the other areas asking the same window. */
export async function stockSeries<R extends DatedRow>(
  loader: ReturnType<typeof datedRowsLoader<R>>,
  code: string,
  args: { from: string; to: string; interval: SeriesInterval },
): Promise<SeriesPoint<R>[]> {
  const bins = seriesBins(args.from, args.to, args.interval);
  const span = { from: bins[0]!.start, to: bins.at(-1)!.end };
  return lastOfEachBin(bins, await loader.load({ code, args: span }));
}

/** What a series type's resolvers receive: its interval and its points. */
export interface SeriesParent<R> {
  interval: SeriesInterval;
  points: SeriesPoint<R>[];
}

/** The newest `taken_at` among a series' points (its `asOf`), null when none has a row. */
export function newestTaken<R extends { taken_at: Date | string }>(
  points: SeriesPoint<R>[],
): Date | null {
  const times = points.flatMap((point) => (point.row ? [new Date(point.row.taken_at)] : []));
  return times.length === 0 ? null : new Date(Math.max(...times.map((time) => time.getTime())));
}

/** A stock's series for an area, ready for a series type's resolvers. */
export async function stockSeriesParent<R extends DatedRow>(
  loader: ReturnType<typeof datedRowsLoader<R>>,
  code: string,
  args: { from: string; to: string; interval?: SeriesInterval | null },
): Promise<SeriesParent<R>> {
  const interval = args.interval ?? 'DAY';
  return { interval, points: await stockSeries(loader, code, { ...args, interval }) };
}

/** The areas a roll-up adds up to: a column of the snapshot rows, or the city above the districts. */
export type AreaLevel = 'community_code' | 'street_code' | 'district_code' | 'city';

// The four municipalities (直辖市) are cities at the province level: their districts sit under 110000…
const MUNICIPALITY_PREFIXES = ['11', '12', '31', '50'];

/** The city (市) a district belongs to, by GB/T 2260 code: 310104 → 310000, 410102 → 410100. */
export function cityCodeOf(districtCode: string): string {
  const province = districtCode.slice(0, 2);
  return MUNICIPALITY_PREFIXES.includes(province)
    ? `${province}0000`
    : `${districtCode.slice(0, 4)}00`;
}

/** SQL for an area level's code, `alias.`-qualified; the city's is computed from the district's code as cityCodeOf does. */
export function areaKeySql(level: AreaLevel, alias = ''): string {
  if (level !== 'city') return `${alias}${level}`;
  const district = `${alias}district_code`;
  return `(CASE WHEN left(${district}, 2) IN (${MUNICIPALITY_PREFIXES.map((p) => `'${p}'`).join(', ')}) THEN left(${district}, 2) || '0000' ELSE left(${district}, 4) || '00' END)`;
}

/** SQL for the province (省) of a GB/T 2260 division code column: 420102 → 420000. */
export function provinceSql(column: string): string {
  return `left(${column}, 2) || '0000'`;
}

/** Days a group-by over days may span (a quarter): each row is one day, so the answer stays small. */
export const MAX_GROUP_DAYS = 92;

/** A series' window: the whole bins' outer dates. */
export interface SeriesSpan {
  from: string;
  to: string;
}

/** One area-rows loader per roll-up level (street, district, city) over the same fetch. */
export function loadersPerLevel<A, R extends { key: string }>(
  fetch: (level: AreaLevel, codes: string[], args: A) => Promise<R[]>,
) {
  return {
    street: areaRowsLoader<A, R>((codes, args) => fetch('street_code', codes, args)),
    district: areaRowsLoader<A, R>((codes, args) => fetch('district_code', codes, args)),
    city: areaRowsLoader<A, R>((codes, args) => fetch('city', codes, args)),
  };
}
