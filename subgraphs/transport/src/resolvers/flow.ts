import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { TransportContext } from '../context.js';
import { hourlySeries, peakWindows, staffingPlan, totalOf } from '../managers/hourly-flow.js';
import { chinaDayStart, hourAt, hourIndexOf } from '../time.js';
import { requireCheckerCapacity, requireTop } from '../managers/flow-windows.js';
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

function daySeries(
  { stationCode, date }: Pick<DayPeaksParent, 'stationCode' | 'date'>,
  context: TransportContext,
) {
  return forecastSeries(
    { stationCode, fromHour: hourIndexOf(chinaDayStart(date)), hours: 24 },
    context,
  );
}

/** A day's peaks with the figures its `peakShare` is made of, for the disclosure rule to round. */
export async function dayPeaksOf(
  day: Pick<DayPeaksParent, 'stationCode' | 'date' | 'top'>,
  context: TransportContext,
): Promise<DayPeaksParent> {
  const series = await daySeries(day, context);
  return {
    ...day,
    totalArrivals: totalOf(series),
    peakArrivals: peakWindows(series, day.top).reduce((sum, hour) => sum + hour.arrivals, 0),
  };
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
    totalArrivals: ({ totalArrivals }) => totalArrivals,
    windows: async (parent, _args, context) =>
      peakWindows(await daySeries(parent, context), parent.top),
    peakShare: ({ totalArrivals, peakArrivals }) =>
      totalArrivals === 0 ? 0 : peakArrivals / totalArrivals,
  },
};
