import {
  InputProblems,
  lazyConnection,
  lazyConnectionResolvers,
  pageOf,
  requireCreditCode,
  requireStreet,
} from '@cityhub/kit';
import { INDUSTRY_SECTIONS } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { streetsInView } from '../rules/access-rules.js';
import type { DbEnterpriseRow, EnterpriseFilter, EnterpriseStatus } from '../repositories/rows.js';

const SECTION_NAMES = new Map(INDUSTRY_SECTIONS.map((section) => [section.code, section.name]));

interface FilterArgs {
  industry?: string | null;
  status?: EnterpriseStatus | null;
  namePrefix?: string | null;
}

/** The list's filter, every problem of its arguments in one answer. */
function filterOf(args: FilterArgs & { streetCode?: string | null }) {
  const problems = new InputProblems();
  const industry = args.industry?.trim().toUpperCase() || null;
  if (industry !== null && !/^[A-T]$/.test(industry))
    problems.add('industry', 'a GB/T 4754 section is one letter, A to T');
  const namePrefix = args.namePrefix?.trim() || null;
  if (namePrefix !== null && namePrefix.length > 50)
    problems.add('namePrefix', 'must be at most 50 characters');
  if (args.streetCode && !/^\d{9}$/.test(args.streetCode))
    problems.add('streetCode', 'a street code is 9 digits');
  problems.throwIfAny();
  const filter: Omit<EnterpriseFilter, 'streetCodes'> = {
    industry,
    status: args.status ?? null,
    namePrefix,
  };
  return filter;
}

export const registryResolvers: Resolvers = {
  Query: {
    // A single enterprise's registry entry is public information (企业信用信息公示); lists follow the street rule.
    enterprise: (_parent, { creditCode }, { loaders }) =>
      loaders.enterpriseByCode.load(requireCreditCode('creditCode', creditCode)),
    enterprises: (_parent, args, { enterprises, caller }) => {
      const filter = { ...filterOf(args), streetCodes: streetsInView(caller, args.streetCode) };
      return lazyConnection(
        pageOf(args),
        ({ limit, afterKey }) => enterprises.enterprisesPage(filter, limit + 1, afterKey),
        () => enterprises.enterprisesCount(filter),
      );
    },
  },
  EnterpriseConnection: lazyConnectionResolvers((row: DbEnterpriseRow) => row.creditCode),
  Enterprise: {
    __resolveReference: ({ creditCode }, { loaders }) => loaders.enterpriseByCode.load(creditCode),
    legalRepresentative: (row) => ({ id: row.legalRepPersonId }),
    industry: (row) => ({ code: row.industry }),
    registeredStreet: (row) => ({ code: row.streetCode }),
  },
  IndustrySection: {
    name: ({ code }) => SECTION_NAMES.get(code) ?? null,
  },
  Person: {
    representedEnterprises: ({ id }, _args, { loaders }) =>
      loaders.enterprisesByRepresentative.load(id),
  },
  Street: {
    enterprises: ({ code }, args, { loaders, caller }) => {
      requireStreet(caller, code);
      const filter = filterOf(args);
      return lazyConnection(
        pageOf(args),
        ({ limit, afterKey }) =>
          loaders.enterprisePageByStreet.load({
            streetCode: code,
            filter,
            limit: limit + 1,
            afterKey,
          }),
        () => loaders.enterpriseTotalByStreet.load({ streetCode: code, filter }),
      );
    },
    enterpriseCounts: ({ code }, _args, { loaders }) => loaders.enterpriseCountsByStreet.load(code),
  },
};
