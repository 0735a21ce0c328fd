import { isKeyRegion, originName } from '@cityhub/synthetic-city';
import type { TransportLoaders } from '../loaders.js';
import type { DayPeaksParent, HourRange } from '../repositories/rows.js';
import {
  chinaDateOfDayIndex,
  chinaDayIndex,
  chinaDayStart,
  DAY_MS,
  hourAt,
  hourIndexOf,
} from '../time.js';
import {
  dailyWindow,
  forecastWindow,
  hourlyWindow,
  hourlyWindowKey,
  hoursOf,
} from './flow-windows.js';
import { hourlySeries, peakWindows, totalOf, type HourlyArrivals } from './hourly-flow.js';

/**
 * Arrivals at stations and vehicles at checkpoints over time. Forecasts, peaks and staffing all
 * read one hourly series per station and window, so that a board of stations costs one statement.
 */
export class FlowManager {
  constructor(private readonly loaders: TransportLoaders) {}

  /** The hours a forecast covers, from the hour `now` falls in unless asked otherwise. */
  forecast(stationCode: string, args: { from?: Date | null; hours?: number | null }, now: Date) {
    const window = forecastWindow(args.from, args.hours, now);
    return { stationCode, fromHour: hourIndexOf(window.from), hours: window.hours };
  }

  async series(stationCode: string, { fromHour, hours }: HourRange): Promise<HourlyArrivals[]> {
    const counts = await this.loaders.stationHourly.load({
      code: stationCode,
      fromHour,
      hours,
    });
    return hourlySeries(hourAt(fromHour), hours, counts);
  }

  /** The 24 hours of a China Standard Time day. */
  daySeries(stationCode: string, date: string): Promise<HourlyArrivals[]> {
    return this.series(stationCode, { fromHour: hourIndexOf(chinaDayStart(date)), hours: 24 });
  }

  hourlyArrivals(stationCode: string, from: Date, to: Date): Promise<HourlyArrivals[]> {
    const range = hoursOf(hourlyWindow(from, to));
    return this.series(stationCode, { fromHour: hourIndexOf(range.from), hours: range.hours });
  }

  /** A day's peaks with the figures its `peakShare` is made of, for the disclosure rule to round. */
  async dayPeaks(stationCode: string, date: string, top: number): Promise<DayPeaksParent> {
    const series = await this.daySeries(stationCode, date);
    return {
      stationCode,
      date,
      top,
      totalArrivals: totalOf(series),
      peakArrivals: peakWindows(series, top).reduce((sum, hour) => sum + hour.arrivals, 0),
    };
  }

  /** Every day of the window listed, with zero where nothing arrived. */
  async dailyArrivals(stationCode: string, fromDate: string, toDate: string) {
    const window = dailyWindow(fromDate, toDate);
    const from = chinaDayStart(window.from);
    const counts = await this.loaders.stationDaily.load({
      code: stationCode,
      from: from.toISOString(),
      to: new Date(from.getTime() + window.days * DAY_MS).toISOString(),
    });
    const first = chinaDayIndex(window.from);
    return Array.from({ length: window.days }, (_, i) => ({
      date: chinaDateOfDayIndex(first + i),
      arrivals: counts.get(first + i) ?? 0,
    }));
  }

  async arrivalsByOrigin(stationCode: string, from: Date, to: Date) {
    const rows = await this.loaders.stationOrigins.load({
      code: stationCode,
      ...hourlyWindowKey(from, to),
    });
    return rows.map((row) => ({
      originCode: row.originCode,
      originName: originName(row.originCode),
      isKeyRegion: isKeyRegion(row.originCode),
      arrivals: row.arrivals,
    }));
  }

  /** Every hour of the window listed, with zeros where no vehicle passed. */
  async checkpointHours(checkpointCode: string, from: Date, to: Date) {
    const range = hoursOf(hourlyWindow(from, to));
    const first = hourIndexOf(range.from);
    const byHour = await this.loaders.checkpointHourly.load({
      code: checkpointCode,
      fromHour: first,
      hours: range.hours,
    });
    return Array.from({ length: range.hours }, (_, i) => {
      const row = byHour.get(first + i);
      return {
        hour: hourAt(first + i),
        inboundVehicles: row?.inboundVehicles ?? 0,
        outboundVehicles: row?.outboundVehicles ?? 0,
        inboundPeople: row?.inboundPeople ?? 0,
        keyRegionVehicles: row?.keyRegionVehicles ?? 0,
      };
    });
  }
}
