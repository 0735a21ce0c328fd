import type { Resolvers } from '../__generated__/resolvers-types.js';

export const feedResolvers: Resolvers = {
  Mutation: {
    ingestTicketingFeed: (_parent, { records }, { feedIngestion, now }) =>
      feedIngestion.ingestTicketingFeed(records, now()),
  },
};
