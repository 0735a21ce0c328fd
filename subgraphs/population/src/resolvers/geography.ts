import { BadUserInputError, cityDate, connectionFrom, pageOf, requireDate } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbCommunityRow } from '../repositories/rows.js';

/** Checks a date window and returns it; `from` after `to` is refused. */
export function dateWindow(from: string, to: string): { from: string; to: string } {
  requireDate('from', from);
  requireDate('to', to);
  if (from > to) throw new BadUserInputError('from', 'must not be after `to`');
  return { from, to };
}

/** The latest birth date of someone who is `age` or older on `today`. */
export function birthDateForAge(age: number, today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year - age, month - 1, day));
  // 29 February in a year without one rolls back to 28 February, not forward to 1 March.
  if (date.getUTCMonth() !== month - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function location(row: { latitude: number; longitude: number }) {
  return { latitude: row.latitude, longitude: row.longitude };
}

export const geographyResolvers: Resolvers = {
  Query: {
    districts: (_parent, _args, { geography }) => geography.allDistricts(),
    district: (_parent, { code }, { loaders }) => loaders.districtByCode.load(code),
    street: (_parent, { code }, { loaders }) => loaders.streetByCode.load(code),
    community: (_parent, { code }, { loaders }) => loaders.communityByCode.load(code),
    keyRegions: (_parent, _args, { loaders }) => loaders.keyRegions.load('all'),
  },
  District: {
    __resolveReference: ({ code }, { loaders }) => loaders.districtByCode.load(code),
    streets: ({ code }, _args, { loaders }) => loaders.streetsByDistrict.load(code),
    residentCount: async ({ code }, _args, { loaders }) =>
      (await loaders.healthCountsByDistrict.load(code)).residents,
    healthCodeCounts: ({ code }, _args, { loaders }) => loaders.healthCountsByDistrict.load(code),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByDistrict.load({ code, ...dateWindow(args.from, args.to) }),
  },
  Street: {
    __resolveReference: ({ code }, { loaders }) => loaders.streetByCode.load(code),
    district: async ({ district_code }, _args, { loaders }) =>
      (await loaders.districtByCode.load(district_code))!,
    communities: ({ code }, args) => ({ streetCode: code, ...pageOf(args) }),
    residentCount: async ({ code }, _args, { loaders }) =>
      (await loaders.healthCountsByStreet.load(code)).residents,
    healthCodeCounts: ({ code }, _args, { loaders }) => loaders.healthCountsByStreet.load(code),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByStreet.load({ code, ...dateWindow(args.from, args.to) }),
    location,
  },
  CommunityConnection: {
    edges: async (page, _args, { loaders }) => {
      // Fetch one row beyond the page to learn whether another page follows.
      const rows = await loaders.communityPage.load({
        streetCode: page.streetCode,
        limit: page.limit + 1,
        afterKey: page.afterKey,
      });
      return connectionFrom(rows, page, (row: DbCommunityRow) => row.code).edges;
    },
    pageInfo: async (page, _args, { loaders }) => {
      const rows = await loaders.communityPage.load({
        streetCode: page.streetCode,
        limit: page.limit + 1,
        afterKey: page.afterKey,
      });
      return connectionFrom(rows, page, (row: DbCommunityRow) => row.code).pageInfo;
    },
    totalCount: (page, _args, { loaders }) => loaders.communityTotalByStreet.load(page.streetCode),
  },
  Community: {
    __resolveReference: ({ code }, { loaders }) => loaders.communityByCode.load(code),
    street: async ({ street_code }, _args, { loaders }) =>
      (await loaders.streetByCode.load(street_code))!,
    // Counts come with the community's row: no promise and no statement per community on a board.
    residentCount: ({ residents }) => residents,
    healthCodeCounts: ({ residents, green, yellow, red }) => ({ residents, green, yellow, red }),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByCommunity.load({ code, ...dateWindow(args.from, args.to) }),
    residentCountAged: ({ code }, { minAge }, { loaders }) => {
      if (!Number.isInteger(minAge) || minAge < 0 || minAge > 130)
        throw new BadUserInputError('minAge', 'must be a whole number of years from 0 to 130');
      return loaders.residentCountAgedByCommunity.load({
        code,
        bornOnOrBefore: birthDateForAge(minAge, cityDate()),
      });
    },
    location,
  },
  Region: {
    name: ({ code }, _args, { loaders }) => loaders.regionName.load(code),
    isKeyRegion: async ({ code }, _args, { loaders }) =>
      (await loaders.keyRegions.load('all')).some(({ prefix }) => code.startsWith(prefix)),
  },
};
