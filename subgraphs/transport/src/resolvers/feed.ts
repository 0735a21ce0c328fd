import { BadUserInputError } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { MAX_FEED_RECORDS, validateTicketingRecords } from '../domain/feed-validation.js';

export const feedResolvers: Resolvers = {
  Mutation: {
    ingestTicketingFeed: async (
      _parent,
      { records },
      { loaders, feedIngestion, now, logger, caller },
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
      const at = now();
      const { valid, rejected } = validateTicketingRecords(records, stationKinds, at);
      const named = records
        .map((record) => record.stationCode.trim().toUpperCase())
        .filter((code) => stationKinds.has(code));
      const { staffingAlerts, ...stored } = await feedIngestion.ingest(valid, rejected, named, at);
      logger.info(
        { caller: caller.id, ...stored, rejected: rejected.length, staffingAlerts },
        'ticketing feed ingested',
      );
      return { ...stored, rejected };
    },
  },
};
