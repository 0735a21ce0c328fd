import { BadUserInputError, connectionFrom, pageOf } from '@cityhub/kit';
import { isKeyRegion } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { placesVisibleTo } from '../domain/street-rules.js';
import { hourlyWindow } from '../domain/windows.js';
import { KEY_REGION_PREFIXES } from '../loaders.js';
import type { DbPassengerArrivalRow } from '../repositories/rows.js';

export const INSTANT_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|\d+$/;

export function instantKey(instant: Date, id: number): string {
  return `${instant.toISOString()}|${id}`;
}

const passengerKey = (row: DbPassengerArrivalRow) => instantKey(row.arrives_at, row.id);

export const passengerResolvers: Resolvers = {
  Query: {
    passengerArrivals: async (_parent, args, { caller, loaders, stations }) => {
      const window = hourlyWindow(args.from, args.to);
      const page = pageOf(args);
      if (page.afterKey !== null && !INSTANT_CURSOR.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      const stationCode = args.stationCode?.trim().toUpperCase() ?? null;
      const stationKind = args.stationKind ?? null;
      // Only a street-limited caller, a named station or a kind needs the station list; otherwise every station counts.
      const stationCodes =
        caller.streets === null && !stationCode && !stationKind
          ? null
          : placesVisibleTo(
              caller,
              await loaders.allStations.load('all'),
              stationCode,
              stationKind,
            );
      const filter = { ...window, stationCodes, keyRegionsOnly: args.keyRegionsOnly ?? false };
      let rows: Promise<DbPassengerArrivalRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () =>
          (rows ??= stations.passengerPage(
            filter,
            KEY_REGION_PREFIXES,
            page.limit + 1,
            page.afterKey,
          )),
      };
    },
  },
  PassengerArrivalConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, passengerKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, passengerKey).pageInfo,
    totalCount: ({ filter }, _args, { stations }) =>
      stations.passengerCount(filter, KEY_REGION_PREFIXES),
  },
  PassengerArrival: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.person_id }),
    arrivedAt: (row) => row.arrives_at,
    originCode: (row) => row.origin_code,
    fromKeyRegion: (row) => isKeyRegion(row.origin_code),
    station: async ({ station_code }, _args, { loaders }) =>
      (await loaders.stationByCode.load(station_code))!,
    trainNumber: (row) => row.train_number,
  },
};
