import { BadUserInputError, groupLoader, recordFeedBatch } from '@cityhub/kit';
import type DataLoader from 'dataloader';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { PopulationContext } from '../context.js';
import { healthCodeIntake } from '../managers/health-code-feed.js';
import {
  HealthCodeChangeStore,
  type DbHealthCodeChangeRow,
} from '../repositories/health-code-change-store.js';

const MAX_HISTORY = 100;

// One loader per request and page size, kept beside the request's context (the shared context is left as it is).
const historyLoaders = new WeakMap<
  object,
  Map<number, DataLoader<string, DbHealthCodeChangeRow[]>>
>();
function historyLoader(context: PopulationContext, first: number) {
  let byLimit = historyLoaders.get(context);
  if (!byLimit) historyLoaders.set(context, (byLimit = new Map()));
  let loader = byLimit.get(first);
  if (!loader) {
    const store = new HealthCodeChangeStore(context.db);
    loader = groupLoader(
      (ids: readonly string[]) => store.historyOfPeople(ids, first),
      (row) => row.person_id,
    );
    byLimit.set(first, loader);
  }
  return loader;
}

/** Health-code changes in (a batch mutation) and their history on the person. */
export const healthCodeFeedResolvers: Resolvers = {
  Mutation: {
    recordHealthCodeChanges: (_parent, { changes }, { db, personIdKey, logger, caller }) =>
      recordFeedBatch(healthCodeIntake(db, personIdKey, logger), changes, caller, 'changes'),
  },
  Person: {
    healthCodeHistory: ({ id }, { first }, context) => {
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY)
        throw new BadUserInputError('first', `must be between 1 and ${MAX_HISTORY}`);
      return historyLoader(context, limit).load(id);
    },
  },
  HealthCodeChange: {
    changedAt: (row) => row.changed_at,
    sourceId: (row) => row.source_id,
    recordedBy: (row) => row.recorded_by,
    recordedAt: (row) => row.recorded_at,
  },
};
