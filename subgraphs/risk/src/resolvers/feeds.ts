import { FeedIntake, recordFeedBatch } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { caseReportFeed } from '../feeds/case-report-feed.js';
import { utilityReadingFeed } from '../feeds/utility-reading-feed.js';

/** The department's feeds' batch mutations: the same intake as NATS and MQTT. */
export const feedResolvers: Resolvers = {
  Mutation: {
    ingestCaseReports: (_parent, { reports }, { db, personIdKey, logger, caller }) =>
      recordFeedBatch(
        new FeedIntake(db, caseReportFeed(personIdKey), logger),
        reports,
        caller,
        'reports',
      ),
    recordUtilityReadings: (_parent, { readings }, { db, logger, caller }) =>
      recordFeedBatch(new FeedIntake(db, utilityReadingFeed, logger), readings, caller, 'readings'),
  },
};
