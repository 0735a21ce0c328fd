import type { Resolvers } from '../__generated__/resolvers-types.js';

/** Thin: check the arguments, call the manager or the loader. */
export const officeResolvers: Resolvers = {
  Query: {
    tmplOffice: (_parent, { code }, { offices }) => offices.office(code),
  },
  Mutation: {
    renameTmplOffice: (_parent, { code, name }, { offices }) => offices.rename(code, name),
  },
  TmplOffice: {
    __resolveReference: ({ code }, { loaders }) => loaders.officeByCode.load(code),
  },
};
