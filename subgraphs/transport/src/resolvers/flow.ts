import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { TransportContext } from '../context.js';
import { hourlySeries, peakWindows, staffingPlan, totalOf } from '../domain/flow.js';
import { chinaDayStart, hourAt, hourIndexOf } from '../domain/time.js';
import { requireCheckerCapacity, requireTop } from '../domain/windows.js';
import type { DayPeaksParent, ForecastParent } from '../repositories/rows.js';

async function forecastSeries(
  { stationCode, fromHour, hours }: ForecastParent,
  { loaders }: TransportContext,
) {
  return hourlySeries(
    hourAt(fromHour),
    hours,
    await loaders.stationHourly.load({ code: stationCode, fromHour, hours }),
  );
}

function daySeries({ stationCode, date }: DayPeaksParent, context: TransportContext) {
  return forecastSeries(
    { stationCode, fromHour: hourIndexOf(chinaDayStart(date)), hours: 24 },
    context,
  );
}

/** Forecasts, peaks and staffing all read one hourly series per station and window: one statement. */
export const flowResolvers: Resolvers = {
  ArrivalsForecast: {
    from: ({ fromHour }) => hourAt(fromHour),
    hours: (parent, _args, context) => forecastSeries(parent, context),
    totalArrivals: async (parent, _args, context) => totalOf(await forecastSeries(parent, context)),
    peakWindows: async (parent, { top }, context) => {
      const count = requireTop(top);
      return peakWindows(await forecastSeries(parent, context), count);
    },
    staffingPlan: async (parent, { passengersPerCheckerHour }, context) => {
      const capacity = requireCheckerCapacity(passengersPerCheckerHour);
      return staffingPlan(await forecastSeries(parent, context), capacity);
    },
  },
  DayPeaks: {
    date: ({ date }) => date,
    totalArrivals: async (parent, _args, context) => totalOf(await daySeries(parent, context)),
    windows: async (parent, _args, context) =>
      peakWindows(await daySeries(parent, context), parent.top),
    peakShare: async (parent, _args, context) =>
      peakWindows(await daySeries(parent, context), parent.top).reduce(
        (sum, window) => sum + window.share,
        0,
      ),
  },
};
