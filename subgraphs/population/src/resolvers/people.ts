import {
  BadUserInputError,
  cityDate,
  connectionFrom,
  pageOf,
  personIdFor,
  requireResidentId,
  requireStreet,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbArrivalRow, DbResidentRow } from '../repositories/rows.js';
import { dateWindow } from './geography.js';

const MAX_ARRIVAL_WINDOW_DAYS = 366;
const MAX_ADDRESSES = 5_000;

/** Whole years from a birth date to a date (both YYYY-MM-DD), as the city counts them. */
export function ageOn(birthDate: string, today: string): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const [todayYear, todayMonth, todayDay] = today.split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return (
    todayYear - year - (todayMonth < month || (todayMonth === month && todayDay < day) ? 1 : 0)
  );
}

/** Row rule: a street-local official sees only the residents of their streets; others are simply not found. */
function visible(row: DbResidentRow | null, caller: Caller): DbResidentRow | null {
  if (!row || caller.streets === null) return row;
  return row.community_code && caller.streets.includes(row.community_code.slice(0, 9)) ? row : null;
}

function arrivalKey(row: DbArrivalRow): string {
  return `${row.arrived_on}/${row.id}`;
}

export const peopleResolvers: Resolvers = {
  Query: {
    person: async (_parent, { idNumber }, { loaders, caller, audit, personIdKey }) => {
      const checked = requireResidentId('idNumber', idNumber);
      // Whether someone lives here is itself personal data: the lookup is recorded, found or not.
      audit.recordMasked(personIdFor(checked, personIdKey), 'Query.person');
      return visible(await loaders.personByIdNumber.load(checked), caller);
    },
    registeredResidentsAt: async (_parent, { addresses }, { residents, caller }) => {
      if (addresses.length > MAX_ADDRESSES)
        throw new BadUserInputError('addresses', `at most ${MAX_ADDRESSES} addresses a call`);
      addresses.forEach(({ communityCode }, i) => {
        if (!/^\d{13}$/.test(communityCode))
          throw new BadUserInputError(
            `addresses[${i}].communityCode`,
            'must be a 13-digit community code',
          );
        requireStreet(caller, communityCode.slice(0, 9));
      });
      const counts = new Map(
        (await residents.residentCountsAtAddresses(addresses)).map((row) => [
          `${row.community_code}|${row.address}`,
          row.total,
        ]),
      );
      return addresses.map(({ communityCode, address }) => ({
        communityCode,
        address,
        residentCount: counts.get(`${communityCode}|${address}`) ?? 0,
      }));
    },
    keyRegionArrivals: (_parent, args, { residents, caller }) => {
      const window = dateWindow(args.from, args.to);
      if (args.streetCode) requireStreet(caller, args.streetCode);
      if (args.communityCode) requireStreet(caller, args.communityCode.slice(0, 9));
      const days = (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000;
      if (days > MAX_ARRIVAL_WINDOW_DAYS)
        throw new BadUserInputError(
          'to',
          `the window may span at most ${MAX_ARRIVAL_WINDOW_DAYS} days`,
        );
      const filter = {
        ...window,
        streetCode: args.streetCode ?? null,
        communityCode: args.communityCode ?? null,
        streetCodes: caller.streets,
      };
      const page = pageOf(args);
      if (page.afterKey !== null && !/^\d{4}-\d{2}-\d{2}\/\d+$/.test(page.afterKey))
        throw new BadUserInputError('after', 'not a cursor of this list');
      let rows: Promise<DbArrivalRow[]> | undefined;
      return {
        filter,
        ...page,
        rows: () => (rows ??= residents.arrivalsPage(filter, page.limit + 1, page.afterKey)),
      };
    },
  },
  ArrivalConnection: {
    edges: async (page) => connectionFrom(await page.rows(), page, arrivalKey).edges,
    pageInfo: async (page) => connectionFrom(await page.rows(), page, arrivalKey).pageInfo,
    totalCount: ({ filter }, _args, { residents }) => residents.arrivalsCount(filter),
  },
  Person: {
    __resolveReference: async ({ id }, { loaders, caller }) =>
      visible(await loaders.personById.load(id), caller),
    idNumber: (row) => row.id_number,
    birthDate: (row) => row.birth_date,
    age: (row) => ageOn(row.birth_date, cityDate()),
    origin: (row) => ({ code: row.origin_code }),
    residence: (row) =>
      row.community_code
        ? { communityCode: row.community_code, address: row.address ?? '', personId: row.id }
        : null,
    healthCode: (row) => ({ color: row.health_code, changedAt: row.health_code_changed_at }),
    arrivals: ({ id }, _args, { loaders }) => loaders.arrivalsByPerson.load(id),
  },
  Residence: {
    community: async ({ communityCode }, _args, { loaders }) =>
      (await loaders.communityByCode.load(communityCode))!,
  },
  Arrival: {
    id: (row) => String(row.id),
    person: async ({ person_id }, _args, { loaders }) =>
      (await loaders.personById.load(person_id))!, // the arrival list is already limited to the caller's streets
    arrivedOn: (row) => row.arrived_on,
    from: (row) => ({ code: row.from_code }),
    community: async ({ community_code }, _args, { loaders }) =>
      (await loaders.communityByCode.load(community_code))!,
  },
};
