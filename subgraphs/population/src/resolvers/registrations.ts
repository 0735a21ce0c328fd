import {
  BadUserInputError,
  dateWindow,
  requireStreet,
  streetOfCommunity,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { RegistrationManager } from '../managers/registration-manager.js';
import { RegistrationStore } from '../repositories/registration-store.js';

// Registrations are listed one community at a time, over at most a year.
const MAX_REGISTRATION_WINDOW_DAYS = 366;

const changedBy = (caller: Caller) => `${caller.kind}:${caller.id}`;

function checkedKeyRegion(prefix: string): string {
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(prefix))
    throw new BadUserInputError('prefix', 'must be a division-code prefix of 2, 4 or 6 digits');
  return prefix;
}

/** The forms (health and arrival registration) and the key-region list the commission keeps. */
export const registrationResolvers: Resolvers = {
  Query: {
    myHealthRegistrations: (_parent, _args, { db, caller }) =>
      caller.personId ? new RegistrationStore(db).ofPerson(caller.personId) : [],
    healthRegistrations: (_parent, { communityCode, from, to }, { db, caller }) => {
      if (!/^\d{13}$/.test(communityCode))
        throw new BadUserInputError('communityCode', 'must be a 13-digit community code');
      requireStreet(caller, streetOfCommunity(communityCode));
      const window = dateWindow(from, to, MAX_REGISTRATION_WINDOW_DAYS);
      return new RegistrationStore(db).inCommunity(communityCode, window.from, window.to);
    },
  },
  Mutation: {
    submitHealthRegistration: (_parent, { input }, { db, caller, personIdKey }) =>
      new RegistrationManager(db, caller, personIdKey).submit(input),
    setKeyRegion: async (_parent, { prefix, name }, { db, caller, geography }) => {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 64)
        throw new BadUserInputError('name', 'is required, at most 64 characters');
      await new RegistrationStore(db).setKeyRegion(
        checkedKeyRegion(prefix),
        trimmed,
        changedBy(caller),
      );
      return geography.keyRegions();
    },
    removeKeyRegion: async (_parent, { prefix }, { db, caller, geography }) => {
      await new RegistrationStore(db).setKeyRegion(
        checkedKeyRegion(prefix),
        null,
        changedBy(caller),
      );
      return geography.keyRegions();
    },
  },
  HealthRegistration: {
    id: (row) => String(row.id),
    personId: (row) => row.person_id,
    idNumber: (row) => row.id_number,
    community: async (row, _args, { loaders }) =>
      (await loaders.communityByCode.load(row.community_code))!,
    origin: (row) => (row.origin_code ? { code: row.origin_code } : null),
    arrivedOn: (row) => row.arrived_on,
    symptoms: (row) => row.symptoms as never,
    submittedBy: (row) => row.submitted_by,
    submittedAt: (row) => row.submitted_at,
  },
};
