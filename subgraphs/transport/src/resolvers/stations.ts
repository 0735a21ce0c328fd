import { requireDate } from '@cityhub/kit';
import { isKeyRegion, originName } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import {
  dailyWindow,
  forecastWindow,
  hourlyWindow,
  hourlyWindowKey,
  hoursOf,
  requireTop,
} from '../managers/flow-windows.js';
import { hourlySeries } from '../managers/hourly-flow.js';
import { chinaDateOfDayIndex, chinaDayIndex, chinaDayStart, DAY_MS, hourIndexOf } from '../time.js';
import { dayPeaksOf } from './flow.js';

export function location(row: { latitude: number; longitude: number }) {
  return { latitude: row.latitude, longitude: row.longitude };
}

export const stationResolvers: Resolvers = {
  Query: {
    stations: async (_parent, { kind }, { loaders }) => {
      const all = await loaders.allStations();
      return kind ? all.filter((station) => station.kind === kind) : all;
    },
    station: (_parent, { code }, { loaders }) =>
      loaders.stationByCode.load(code.trim().toUpperCase()),
  },
  Station: {
    __resolveReference: ({ code }, { loaders }) => loaders.stationByCode.load(code),
    street: (row) => ({ code: row.streetCode }),
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
      const rows = await loaders.stationOrigins.load({
        code,
        ...hourlyWindowKey(args.from, args.to),
      });
      return rows.map((row) => ({
        originCode: row.originCode,
        originName: originName(row.originCode),
        isKeyRegion: isKeyRegion(row.originCode),
        arrivals: row.arrivals,
      }));
    },
    trainArrivals: ({ code }, args, { loaders }) =>
      loaders.stationTrains.load({ code, ...hourlyWindowKey(args.from, args.to) }),
  },
  TrainArrival: {
    id: (row) => String(row.id),
    station: async ({ stationCode }, _args, { loaders }) =>
      (await loaders.stationByCode.load(stationCode))!,
    originName: (row) => originName(row.originCode),
  },
};
