import type { Resolvers } from '../__generated__/resolvers-types.js';
import { requireCheckerCapacity, requireTop } from '../managers/flow-windows.js';
import { peakWindows, staffingPlan, totalOf } from '../managers/hourly-flow.js';
import { hourAt } from '../time.js';

export const flowResolvers: Resolvers = {
  ArrivalsForecast: {
    from: ({ fromHour }) => hourAt(fromHour),
    hours: (parent, _args, { flow }) => flow.series(parent.stationCode, parent),
    totalArrivals: async (parent, _args, { flow }) =>
      totalOf(await flow.series(parent.stationCode, parent)),
    peakWindows: async (parent, { top }, { flow }) => {
      const count = requireTop(top);
      return peakWindows(await flow.series(parent.stationCode, parent), count);
    },
    staffingPlan: async (parent, { passengersPerCheckerHour }, { flow }) => {
      const capacity = requireCheckerCapacity(passengersPerCheckerHour);
      return staffingPlan(await flow.series(parent.stationCode, parent), capacity);
    },
  },
  DayPeaks: {
    windows: async ({ stationCode, date, top }, _args, { flow }) =>
      peakWindows(await flow.daySeries(stationCode, date), top),
    peakShare: ({ totalArrivals, peakArrivals }) =>
      totalArrivals === 0 ? 0 : peakArrivals / totalArrivals,
  },
};
