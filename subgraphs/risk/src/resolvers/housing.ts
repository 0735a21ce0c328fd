import { BadUserInputError, connectionFrom, pageOf, requireStreet } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { reviewFlag } from '../managers/group-rental-review.js';
import type { DbGroupRentalFlagRow } from '../repositories/rows.js';

const flagKey = (row: DbGroupRentalFlagRow) => `${Number(row.usage_ratio).toFixed(2)}/${row.id}`;

export const housingResolvers: Resolvers = {
  Query: {
    groupRentalFlags: (_parent, args, { housing, caller }) => {
      if (args.streetCode) requireStreet(caller, args.streetCode);
      if (args.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month))
        throw new BadUserInputError('month', 'must be YYYY-MM');
      const filter = {
        streetCode: args.streetCode ?? null,
        status: args.status ?? null,
        month: args.month ?? null,
        streets: caller.streets,
      };
      const page = pageOf(args);
      if (page.afterKey !== null && !/^\d+(\.\d+)?\/\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      let rows: Promise<DbGroupRentalFlagRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () => (rows ??= housing.flagsPage(filter, page.limit + 1, page.afterKey)),
      };
    },
  },
  Mutation: {
    reviewGroupRentalFlag: async (_parent, { id, outcome, note }, { housing, caller }) => {
      const flag = /^\d{1,15}$/.test(id)
        ? await reviewFlag(housing, caller, Number(id), outcome, note ?? null)
        : null;
      if (!flag) throw new BadUserInputError('id', 'no group-rental flag has this id');
      return flag;
    },
  },
  GroupRentalFlagConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, flagKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, flagKey).pageInfo,
    totalCount: ({ filter }, _args, { housing }) => housing.flagsCount(filter),
  },
  GroupRentalFlag: {
    id: (row) => String(row.id),
    dwelling: async (row, _args, { loaders }) =>
      (await loaders.dwellingById.load(Number(row.dwelling_id)))!,
    usageRatio: (row) => Number(row.usage_ratio),
    estimatedOccupants: (row) => Number(row.estimated_occupants),
    reviewedBy: (row) => row.reviewed_by,
    reviewedAt: (row) => row.reviewed_at,
    reviewNote: (row) => row.review_note,
    flaggedAt: (row) => row.flagged_at,
  },
  Dwelling: {
    id: (row) => String(row.id),
    community: (row) => ({ code: row.community_code }),
    floorArea: (row) => Number(row.floor_area),
    registeredResidents: (row) => row.registered_residents,
    readings: (row, _args, { loaders }) => loaders.readingsByDwelling.load(Number(row.id)),
  },
  UtilityReading: {
    waterM3: (row) => Number(row.water_m3),
    electricityKwh: (row) => Number(row.electricity_kwh),
    gasM3: (row) => Number(row.gas_m3),
  },
};
