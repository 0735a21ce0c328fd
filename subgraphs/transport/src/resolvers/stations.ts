import { requireDate } from '@cityhub/kit';
import { isKeyRegion, originName } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { hourlySeries } from '../domain/flow.js';
import { dayPeaksOf } from './flow.js';
import {
  chinaDateOfDayIndex,
  chinaDayIndex,
  chinaDayStart,
  DAY_MS,
  hourIndexOf,
} from '../domain/time.js';
import {
  dailyWindow,
  forecastWindow,
  hourlyWindow,
  hoursOf,
  requireTop,
} from '../domain/windows.js';

export function location(row: { latitude: number; longitude: number }) {
  return { latitude: row.latitude, longitude: row.longitude };
}

export const stationResolvers: Resolvers = {
  Query: {
    stations: async (_parent, { kind }, { loaders }) => {
      const all = await loaders.allStations.load('all');
      return kind ? all.filter((station) => station.kind === kind) : all;
    },
    station: (_parent, { code }, { loaders }) =>
      loaders.stationByCode.load(code.trim().toUpperCase()),
  },
  Station: {
    __resolveReference: ({ code }, { loaders }) => loaders.stationByCode.load(code),
    street: (row) => ({ code: row.street_code }),
    location,
    arrivalsForecast: ({ code }, args, { now }) => {
      const window = forecastWindow(args.from, args.hours, now());
      return { stationCode: code, fromHour: hourIndexOf(window.from), hours: window.hours };
    },
    hourlyArrivals: async ({ code }, args, { loaders }) => {
      const range = hoursOf(hourlyWindow(args.from, args.to));
      const counts = await loaders.stationHourly.load({
        code,
        fromHour: hourIndexOf(range.from),
        hours: range.hours,
      });
      return hourlySeries(range.from, range.hours, counts);
    },
    dailyArrivals: async ({ code }, args, { loaders }) => {
      const window = dailyWindow(args.from, args.to);
      const from = chinaDayStart(window.from);
      const counts = await loaders.stationDaily.load({
        code,
        from: from.toISOString(),
        to: new Date(from.getTime() + window.days * DAY_MS).toISOString(),
      });
      const first = chinaDayIndex(window.from);
      return Array.from({ length: window.days }, (_, i) => ({
        date: chinaDateOfDayIndex(first + i),
        arrivals: counts.get(first + i) ?? 0,
      }));
    },
    peakHours: ({ code }, args, context) =>
      dayPeaksOf(
        { stationCode: code, date: requireDate('date', args.date), top: requireTop(args.top) },
        context,
      ),
    arrivalsByOrigin: async ({ code }, args, { loaders }) => {
      const window = hourlyWindow(args.from, args.to);
      const rows = await loaders.stationOrigins.load({
        code,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      });
      return rows.map((row) => ({
        originCode: row.origin_code,
        originName: originName(row.origin_code),
        isKeyRegion: isKeyRegion(row.origin_code),
        arrivals: Number(row.arrivals),
      }));
    },
    trainArrivals: ({ code }, args, { loaders }) => {
      const window = hourlyWindow(args.from, args.to);
      return loaders.stationTrains.load({
        code,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      });
    },
  },
  TrainArrival: {
    id: (row) => String(row.id),
    station: async ({ station_code }, _args, { loaders }) =>
      (await loaders.stationByCode.load(station_code))!,
    trainNumber: (row) => row.train_number,
    serviceDate: (row) => row.service_date,
    originCode: (row) => row.origin_code,
    originName: (row) => originName(row.origin_code),
    scheduledAt: (row) => row.scheduled_at,
    actualAt: (row) => row.actual_at,
    ticketedPassengers: (row) => row.ticketed_passengers,
  },
};
