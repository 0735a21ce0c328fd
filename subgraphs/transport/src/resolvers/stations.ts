import { requireDate } from '@cityhub/kit';
import { originName } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { hourlyWindowKey, requireTop } from '../managers/flow-windows.js';

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
    arrivalsForecast: ({ code }, args, { flow, now }) => flow.forecast(code, args, now()),
    hourlyArrivals: ({ code }, args, { flow }) => flow.hourlyArrivals(code, args.from, args.to),
    dailyArrivals: ({ code }, args, { flow }) => flow.dailyArrivals(code, args.from, args.to),
    peakHours: ({ code }, args, { flow }) =>
      flow.dayPeaks(code, requireDate('date', args.date), requireTop(args.top)),
    arrivalsByOrigin: ({ code }, args, { flow }) => flow.arrivalsByOrigin(code, args.from, args.to),
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
