import type { Resolvers } from '../__generated__/resolvers-types.js';

/**
 * What transport adds to the population department's Person and Street. A street-limited caller
 * sees a person's trips only through the stations and checkpoints on their streets.
 */
export const peopleResolvers: Resolvers = {
  Person: {
    __resolveReference: ({ id }) => ({ id }),
    stationArrivals: async ({ id }, _args, { caller, loaders }) => {
      const rows = await loaders.stationArrivalsOfPerson.load(id);
      if (caller.streets === null) return rows;
      const visible = new Set(
        (await loaders.allStations.load('all'))
          .filter((s) => caller.streets!.includes(s.street_code))
          .map((s) => s.code),
      );
      return rows.filter((row) => visible.has(row.station_code));
    },
    checkpointPassages: async ({ id }, _args, { caller, loaders }) => {
      const rows = await loaders.passagesOfPerson.load(id);
      if (caller.streets === null) return rows;
      const visible = new Set(
        (await loaders.allCheckpoints.load('all'))
          .filter((c) => caller.streets!.includes(c.street_code))
          .map((c) => c.code),
      );
      return rows.filter((row) => visible.has(row.checkpoint_code));
    },
  },
  Street: {
    __resolveReference: ({ code }) => ({ code }),
    stations: async ({ code }, _args, { loaders }) =>
      (await loaders.allStations.load('all')).filter((station) => station.street_code === code),
    checkpoints: async ({ code }, _args, { loaders }) =>
      (await loaders.allCheckpoints.load('all')).filter(
        (checkpoint) => checkpoint.street_code === code,
      ),
  },
};
