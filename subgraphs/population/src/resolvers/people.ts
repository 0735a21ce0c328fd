import { cityDate, lazyConnectionResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { ageOn } from '../managers/ages.js';
import { arrivalKey, residentKey } from '../managers/people-cursors.js';

export const peopleResolvers: Resolvers = {
  Query: {
    person: (_parent, { idNumber }, { people }) => people.personByIdNumber(idNumber),
    registeredResidentsAt: (_parent, { addresses }, { people }) =>
      people.residentCountsAt(addresses),
    keyRegionArrivals: (_parent, args, { people }) => people.arrivals(args),
  },
  ArrivalConnection: lazyConnectionResolvers(arrivalKey),
  ResidentConnection: lazyConnectionResolvers(residentKey),
  Community: {
    residents: (community, args, { people }) => people.residentsOf(community, args),
  },
  Person: {
    __resolveReference: ({ id }, { people }) => people.personById(id),
    age: (row) => ageOn(row.birthDate, cityDate()),
    origin: (row) => ({ code: row.originCode }),
    residence: (row) =>
      row.communityCode
        ? { communityCode: row.communityCode, address: row.address ?? '', personId: row.id }
        : null,
    healthCode: (row) => ({ color: row.healthCode, changedAt: row.healthCodeChangedAt }),
    arrivals: ({ id }, _args, { loaders }) => loaders.arrivalsByPerson.load(id),
  },
  Residence: {
    community: async ({ communityCode }, _args, { loaders }) =>
      (await loaders.communityByCode.load(communityCode))!,
  },
  Arrival: {
    id: (row) => String(row.id),
    // The arrival list is already limited to the caller's streets.
    person: async ({ personId }, _args, { loaders }) => (await loaders.personById.load(personId))!,
    from: (row) => ({ code: row.fromCode }),
    community: async ({ communityCode }, _args, { loaders }) =>
      (await loaders.communityByCode.load(communityCode))!,
  },
};
