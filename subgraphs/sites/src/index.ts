import type { SubgraphDefinition } from '@cityhub/kit';
import { createSitesContext, type SitesContext } from './context.js';
import { sitesOutbox } from './events.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedSites as seed } from './seed/seed-sites.js';
export type { SitesContext } from './context.js';

/** The sites subgraph (场所): construction sites, daily headcount reports, key-region screening, crowded venues. */
export const subgraph: SubgraphDefinition<SitesContext> = {
  name: 'sites',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createSitesContext,
  outbox: sitesOutbox,
};
