import { lazyConnectionResolvers } from '@cityhub/kit';
import { isKeyRegion } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { passengerKey } from '../managers/trip-manager.js';

export const passengerResolvers: Resolvers = {
  Query: {
    passengerArrivals: (_parent, args, { trips }) => trips.passengerArrivals(args),
  },
  PassengerArrivalConnection: lazyConnectionResolvers(passengerKey),
  PassengerArrival: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.personId }),
    arrivedAt: (row) => row.arrivesAt,
    fromKeyRegion: (row) => isKeyRegion(row.originCode),
    station: async ({ stationCode }, _args, { loaders }) =>
      (await loaders.stationByCode.load(stationCode))!,
  },
};
