import type { SubgraphDefinition } from '@cityhub/kit';
import { createEnterprisesContext, type EnterprisesContext } from './context.js';
import { enterprisesOutbox } from './events.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedEnterprises as seed } from './seed/seed-enterprises.js';
export type { EnterprisesContext } from './context.js';

/** The market-regulation department's subgraph (企业): the registry, work-resumption filing, street shops, early warnings. */
export const subgraph: SubgraphDefinition<EnterprisesContext> = {
  name: 'enterprises',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createEnterprisesContext,
  outbox: enterprisesOutbox,
};
