import {
  MAX_GROUP_DAYS,
  dateWindow,
  pointFields,
  seriesFields,
  stockSeriesParent,
} from '@cityhub/kit';
import { HEALTH_FIGURES } from '../repositories/snapshot-store.js';
import type { PopulationContext } from '../context.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

/** Arrivals by origin and day of one area level: the window checked, then one statement per level. */
const arrivalsByOriginAndDay =
  (level: keyof PopulationContext['series']['arrivalsByOriginAndDay']) =>
  (
    { code }: { code: string },
    args: { from: string; to: string },
    { series }: PopulationContext,
  ) => {
    const { from, to } = dateWindow(args.from, args.to, MAX_GROUP_DAYS);
    return series.arrivalsByOriginAndDay[level].load({ code, args: { from, to } });
  };

export const seriesResolvers: Resolvers = {
  District: {
    keyRegionArrivalsByOriginAndDay: arrivalsByOriginAndDay('district'),
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodes.district, code, args),
  },
  Street: {
    keyRegionArrivalsByOriginAndDay: arrivalsByOriginAndDay('street'),
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodes.street, code, args),
  },
  Community: {
    healthCodeSeries: ({ code }, args, { series }) =>
      stockSeriesParent(series.healthCodes.community, code, args),
  },
  City: {
    keyRegionArrivalsByOriginAndDay: arrivalsByOriginAndDay('city'),
  },
  ArrivalOriginDayCount: {
    originProvince: ({ origin_province }) => origin_province,
    count: ({ count }) => Number(count),
  },
  HealthCodeSeries: seriesFields,
  HealthCodeSnapshot: pointFields('snapshotDate', HEALTH_FIGURES),
};
