import { camelCase } from './store.js';
import { newestTaken, type SeriesParent, type SeriesPoint } from './time-series.js';

/** What every row of a series stands for: its day and when its figures were taken. */
interface TakenRow {
  date: string;
  taken_at: Date | string;
}

type PointOf<R> = SeriesPoint<R & TakenRow>;

/** The fields of a series type that are the same for every series: when its newest point was taken. */
export const seriesFields = {
  asOf: ({ points }: SeriesParent<TakenRow>) => newestTaken(points),
};

/** A column's name as a field's: `operating_enterprises` → `operatingEnterprises`. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The fields of a series' point type, as `pointFields` returns them. */
export type PointFields<D extends string, C extends string> = {
  date: (point: PointOf<object>) => string;
  asOf: (point: PointOf<object>) => Date | string | null;
} & { [K in D]: (point: PointOf<object>) => string | null } & {
  [K in C as CamelCase<K>]: (point: PointOf<Record<K, number>>) => number | null;
};

/**
 * The fields of a series' point type: the bin's first date (`date`), the day of the row that
 * stands for it (under the department's name, `dateField`), when that row was taken (`asOf`), and
 * each figure column under its camelCase name. A bin without a row has null for all but its date.
 */
export function pointFields<D extends string, C extends string>(
  dateField: D,
  columns: readonly C[],
): PointFields<D, C> {
  const fields: Record<string, unknown> = {
    date: ({ bin }: PointOf<object>) => bin.start,
    [dateField]: ({ row }: PointOf<object>) => row?.date ?? null,
    asOf: ({ row }: PointOf<object>) => row?.taken_at ?? null,
  };
  for (const column of columns)
    fields[camelCase(column)] = ({ row }: PointOf<Record<C, number>>) =>
      row ? Number(row[column]) : null;
  return fields as PointFields<D, C>;
}
