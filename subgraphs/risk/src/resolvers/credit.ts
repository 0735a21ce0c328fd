import type { Resolvers } from '../__generated__/resolvers-types.js';
import { INSPECTIONS_PER_YEAR } from '../managers/credit-rules.js';

export const creditResolvers: Resolvers = {
  Enterprise: {
    credit: ({ creditCode }, _args, { loaders }) => loaders.creditByCode.load(creditCode),
  },
  EnterpriseCredit: {
    inspectionsPerYear: (row) => INSPECTIONS_PER_YEAR[row.grade],
  },
};
