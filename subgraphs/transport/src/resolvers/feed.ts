import { BadUserInputError, personIdFor } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { MAX_FEED_RECORDS, validateTicketingRecords } from '../domain/feed-validation.js';

export const feedResolvers: Resolvers = {
  Mutation: {
    ingestTicketingFeed: async (
      _parent,
      { records },
      { loaders, feed, personIdKey, now, logger, caller },
    ) => {
      if (records.length > MAX_FEED_RECORDS)
        throw new BadUserInputError(
          'records',
          `a batch may hold at most ${MAX_FEED_RECORDS} trains`,
          { maximum: MAX_FEED_RECORDS },
        );
      const stationKinds = new Map(
        (await loaders.allStations.load('all')).map((station) => [station.code, station.kind]),
      );
      const { valid, rejected } = validateTicketingRecords(records, stationKinds, now());
      // ID numbers stop here: the tables keep only the hub's pseudonymous person id.
      const stored = await feed.storeTrains(valid, (idNumber) =>
        personIdFor(idNumber, personIdKey),
      );
      logger.info(
        { caller: caller.id, ...stored, rejected: rejected.length },
        'ticketing feed ingested',
      );
      return { ...stored, rejected };
    },
  },
};
