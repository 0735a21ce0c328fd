import type { Resolvers } from '../__generated__/resolvers-types.js';

/**
 * What transport adds to the population department's Person and Street. A street-limited caller
 * sees a person's trips only through the stations and checkpoints on their streets.
 */
export const peopleResolvers: Resolvers = {
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    stationArrivals: ({ id }, _args, { trips }) => trips.stationArrivalsOf(id),
    checkpointPassages: ({ id }, _args, { trips }) => trips.checkpointPassagesOf(id),
  },
  Street: {
    __resolveReference: ({ code }) => ({ code }),
    stations: async ({ code }, _args, { loaders }) =>
      (await loaders.allStations()).filter((station) => station.streetCode === code),
    checkpoints: async ({ code }, _args, { loaders }) =>
      (await loaders.allCheckpoints()).filter((checkpoint) => checkpoint.streetCode === code),
  },
};
