import { lazyConnectionResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbGroupRentalFlagRow } from '../repositories/rows.js';

export const housingResolvers: Resolvers = {
  Query: {
    groupRentalFlags: (_parent, args, { groupRentalManager }) => groupRentalManager.list(args),
  },
  Mutation: {
    reviewGroupRentalFlag: (_parent, { id, outcome, note }, { groupRentalManager }) =>
      groupRentalManager.review(id, outcome, note ?? null),
  },
  GroupRentalFlagConnection: lazyConnectionResolvers(
    (row: DbGroupRentalFlagRow) => `${row.usageRatio.toFixed(2)}/${row.id}`,
  ),
  GroupRentalFlag: {
    id: (row) => String(row.id),
    dwelling: async (row, _args, { loaders }) => (await loaders.dwellingById.load(row.dwellingId))!,
  },
  Dwelling: {
    id: (row) => String(row.id),
    community: (row) => ({ code: row.communityCode }),
    readings: (row, _args, { loaders }) => loaders.readingsByDwelling.load(row.id),
  },
};
