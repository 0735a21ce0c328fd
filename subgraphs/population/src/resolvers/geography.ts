import { lazyConnection, lazyConnectionResolvers, pageOf } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { bornOnOrBeforeForAge, countWindow } from '../managers/area-counts.js';
import type { DbCommunityRow } from '../repositories/rows.js';

function location(row: { latitude: number; longitude: number }) {
  return { latitude: row.latitude, longitude: row.longitude };
}

export const geographyResolvers: Resolvers = {
  Query: {
    districts: (_parent, _args, { loaders }) => loaders.allDistricts(),
    district: (_parent, { code }, { loaders }) => loaders.districtByCode.load(code),
    street: (_parent, { code }, { loaders }) => loaders.streetByCode.load(code),
    community: (_parent, { code }, { loaders }) => loaders.communityByCode.load(code),
    keyRegions: (_parent, _args, { loaders }) => loaders.keyRegions(),
  },
  District: {
    __resolveReference: ({ code }, { loaders }) => loaders.districtByCode.load(code),
    streets: ({ code }, _args, { loaders }) => loaders.streetsByDistrict.load(code),
    residentCount: async ({ code }, _args, { loaders }) =>
      (await loaders.healthCountsByDistrict.load(code)).residents,
    healthCodeCounts: ({ code }, _args, { loaders }) => loaders.healthCountsByDistrict.load(code),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByDistrict.load({ code, ...countWindow(args.from, args.to) }),
  },
  Street: {
    __resolveReference: ({ code }, { loaders }) => loaders.streetByCode.load(code),
    district: async ({ districtCode }, _args, { loaders }) =>
      (await loaders.districtByCode.load(districtCode))!,
    communities: ({ code }, args, { loaders }) =>
      lazyConnection(
        pageOf(args),
        ({ limit, afterKey }) =>
          loaders.communityPage.load({ streetCode: code, limit: limit + 1, afterKey }),
        async () => (await loaders.communityTotalByStreet.load(code)).total,
      ),
    residentCount: async ({ code }, _args, { loaders }) =>
      (await loaders.healthCountsByStreet.load(code)).residents,
    healthCodeCounts: ({ code }, _args, { loaders }) => loaders.healthCountsByStreet.load(code),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByStreet.load({ code, ...countWindow(args.from, args.to) }),
    location,
  },
  CommunityConnection: lazyConnectionResolvers((row: DbCommunityRow) => row.code),
  Community: {
    __resolveReference: ({ code }, { loaders }) => loaders.communityByCode.load(code),
    street: async ({ streetCode }, _args, { loaders }) =>
      (await loaders.streetByCode.load(streetCode))!,
    // Counts come with the community's row: no promise and no statement per community on a board.
    residentCount: ({ residents }) => residents,
    healthCodeCounts: ({ residents, green, yellow, red }) => ({ residents, green, yellow, red }),
    keyRegionArrivalCount: ({ code }, args, { loaders }) =>
      loaders.arrivalCountByCommunity.load({ code, ...countWindow(args.from, args.to) }),
    residentCountAged: ({ code }, { minAge }, { loaders }) =>
      loaders.residentCountAgedByCommunity.load({
        code,
        bornOnOrBefore: bornOnOrBeforeForAge(minAge),
      }),
    location,
  },
  Region: {
    name: async ({ code }, _args, { loaders }) =>
      (await loaders.regionByCode.load(code))?.name ?? null,
    isKeyRegion: async ({ code }, _args, { loaders }) =>
      (await loaders.keyRegions()).some(({ prefix }) => code.startsWith(prefix)),
  },
};
