import {
  BadUserInputError,
  pageOf,
  requireCreditCode,
  requireStreet,
  type Caller,
} from '@cityhub/kit';
import { INDUSTRY_SECTIONS } from '@cityhub/synthetic-city';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { DbEnterpriseRow, EnterpriseFilter, EnterpriseStatus } from '../repositories/rows.js';
import { lazyConnectionResolvers, once } from '@cityhub/kit';

const SECTION_NAMES = new Map(INDUSTRY_SECTIONS.map((section) => [section.code, section.name]));

interface FilterArgs {
  industry?: string | null;
  status?: EnterpriseStatus | null;
  namePrefix?: string | null;
}

function filterOf(args: FilterArgs): Omit<EnterpriseFilter, 'streetCodes'> {
  const industry = args.industry?.trim().toUpperCase() || null;
  if (industry !== null && !/^[A-T]$/.test(industry))
    throw new BadUserInputError('industry', 'a GB/T 4754 section is one letter, A to T');
  const namePrefix = args.namePrefix?.trim() || null;
  if (namePrefix !== null && namePrefix.length > 50)
    throw new BadUserInputError('namePrefix', 'must be at most 50 characters');
  return { industry, status: args.status ?? null, namePrefix };
}

/** Street-local roles list only their streets' enterprises. */
function streetsFor(caller: Caller, streetCode: string | null | undefined): string[] | null {
  if (streetCode) {
    if (!/^\d{9}$/.test(streetCode))
      throw new BadUserInputError('streetCode', 'a street code is 9 digits');
    requireStreet(caller, streetCode);
    return [streetCode];
  }
  return caller.streets;
}

export const registryResolvers: Resolvers = {
  Query: {
    // A single enterprise's registry entry is public information (企业信用信息公示); lists follow the street rule.
    enterprise: (_parent, { creditCode }, { loaders }) =>
      loaders.enterpriseByCode.load(requireCreditCode('creditCode', creditCode)),
    enterprises: (_parent, args, { enterprises, caller }) => {
      const filter = { ...filterOf(args), streetCodes: streetsFor(caller, args.streetCode) };
      const page = pageOf(args);
      return {
        ...page,
        rows: once(() => enterprises.enterprisesPage(filter, page.limit + 1, page.afterKey)),
        total: once(() => enterprises.enterprisesCount(filter)),
      };
    },
  },
  EnterpriseConnection: lazyConnectionResolvers((row: DbEnterpriseRow) => row.credit_code),
  Enterprise: {
    __resolveReference: ({ creditCode }, { loaders }) => loaders.enterpriseByCode.load(creditCode),
    creditCode: (row) => row.credit_code,
    legalRepresentative: (row) => ({ id: row.legal_rep_person_id }),
    industry: (row) => ({ code: row.industry }),
    registeredStreet: (row) => ({ code: row.street_code }),
    employeeCount: (row) => row.employee_count,
    registeredOn: (row) => row.registered_on,
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
      const page = pageOf(args);
      return {
        ...page,
        rows: once(() =>
          loaders.enterprisePageByStreet.load({
            streetCode: code,
            filter,
            limit: page.limit + 1,
            afterKey: page.afterKey,
          }),
        ),
        total: once(() => loaders.enterpriseTotalByStreet.load({ streetCode: code, filter })),
      };
    },
    enterpriseCounts: ({ code }, _args, { loaders }) => loaders.enterpriseCountsByStreet.load(code),
  },
};
