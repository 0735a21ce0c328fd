import { recordFeedBatch } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { passageIntake } from '../managers/passage-feed.js';

export const feedResolvers: Resolvers = {
  Mutation: {
    ingestTicketingFeed: (_parent, { records }, { feedIngestion, now }) =>
      feedIngestion.ingestTicketingFeed(records, now()),
    recordCheckpointPassages: (_parent, { passages }, { db, logger, caller }) =>
      recordFeedBatch(passageIntake(db, logger), passages, caller, 'passages'),
  },
};
