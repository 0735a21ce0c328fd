import type { SubgraphDefinition } from '@cityhub/kit';
import { gatewayMigrations } from '@cityhub/gateway';
import { createIntegratorsContext, type IntegratorsContext } from './context.js';
import { resolvers } from './resolvers/index.js';

/**
 * Integrators' API keys, managed through the API. The keys live in the gateway's tables (schema
 * `gateway`), which the gateway reads on every keyed request: this subgraph owns that schema with
 * the gateway (same migrations) and changes the keys through the gateway's own ApiKeyStore.
 */
export const subgraph: SubgraphDefinition<IntegratorsContext> = {
  name: 'integrators',
  databaseSchema: 'gateway',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations: gatewayMigrations,
  createContext: createIntegratorsContext,
  access: {
    scopes: {
      'keys:manage': "every department's integrator keys",
      'keys:manage-own': "the integrator keys of the caller's own department",
    },
    roles: { 'key-officer': ['keys:manage-own'] },
  },
};
