import type { SubgraphDefinition } from '@cityhub/kit';
import { tmplEnvironment, type TmplSettings } from './config.js';
import { createTmplContext, type TmplContext } from './context.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedTmpl as seed } from './seed/seed-tmpl.js';
export type { TmplContext } from './context.js';

/** The tmpl department's subgraph: say here what it owns. */
export const subgraph: SubgraphDefinition<TmplContext, TmplSettings> = {
  name: 'tmpl',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  environment: tmplEnvironment,
  resolvers,
  migrations,
  createContext: createTmplContext,
};
