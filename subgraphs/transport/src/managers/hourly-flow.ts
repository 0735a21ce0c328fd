import { hourAt, hourIndexOf, HOUR_MS } from '../time.js';

/** Hourly flow at a station: the series, its peaks and the checkers it needs. Pure functions. */
export interface HourlyArrivals {
  hour: Date;
  arrivals: number;
}

export interface PeakWindow {
  start: Date;
  end: Date;
  arrivals: number;
  share: number;
  /** The whole series' arrivals: the share's whole, which the disclosure rule rounds on its own. */
  periodArrivals: number;
}

export interface StaffingHour {
  hour: Date;
  expectedArrivals: number;
  checkers: number;
}

export interface StaffingPlan {
  passengersPerCheckerHour: number;
  hours: StaffingHour[];
  peakCheckers: number;
  checkerHours: number;
}

/** Every hour from `from` for `hours` hours, in order, with zero where nothing arrives. */
export function hourlySeries(
  from: Date,
  hours: number,
  countsByHourIndex: ReadonlyMap<number, number>,
): HourlyArrivals[] {
  const first = hourIndexOf(from);
  return Array.from({ length: hours }, (_, i) => ({
    hour: hourAt(first + i),
    arrivals: countsByHourIndex.get(first + i) ?? 0,
  }));
}

export function totalOf(series: readonly HourlyArrivals[]): number {
  return series.reduce((sum, hour) => sum + hour.arrivals, 0);
}

/**
 * The `top` busiest hours, busiest first; an earlier hour wins a tie. Empty hours are never peaks.
 * Shares are of the whole series' total.
 */
export function peakWindows(series: readonly HourlyArrivals[], top: number): PeakWindow[] {
  const total = totalOf(series);
  return [...series]
    .filter((hour) => hour.arrivals > 0)
    .sort((a, b) => b.arrivals - a.arrivals || a.hour.getTime() - b.hour.getTime())
    .slice(0, top)
    .map((hour) => ({
      start: hour.hour,
      end: new Date(hour.hour.getTime() + HOUR_MS),
      arrivals: hour.arrivals,
      share: total === 0 ? 0 : hour.arrivals / total,
      periodArrivals: total,
    }));
}

/** Checkers per hour, rounded up: 301 passengers at 300 an hour need 2 checkers, not 1. */
export function staffingPlan(
  series: readonly HourlyArrivals[],
  passengersPerCheckerHour: number,
): StaffingPlan {
  const hours = series.map((hour) => ({
    hour: hour.hour,
    expectedArrivals: hour.arrivals,
    checkers: Math.ceil(hour.arrivals / passengersPerCheckerHour),
  }));
  return {
    passengersPerCheckerHour,
    hours,
    peakCheckers: hours.reduce((most, hour) => Math.max(most, hour.checkers), 0),
    checkerHours: hours.reduce((sum, hour) => sum + hour.checkers, 0),
  };
}
