import { importJobResolvers } from '@cityhub/importer';
import type { Resolvers } from '../__generated__/resolvers-types.js';

const imports = importJobResolvers('population');

/** The department's file imports (npm run import): for its data officers and administrators. */
export const importResolvers: Resolvers = {
  Query: {
    populationImportJob: (_parent, { id }, context) => imports.job(id, context),
    populationImportJobs: (_parent, args, context) => imports.jobs(args, context),
  },
  ImportJob: imports.ImportJob,
};
