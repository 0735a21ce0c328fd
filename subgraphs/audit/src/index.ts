import type { SubgraphDefinition } from '@cityhub/kit';
import { createAuditContext, type AuditContext } from './context.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

/** The audit log of personal-data reads (个人信息查询留痕): written by every subgraph's kit, read here. */
export const subgraph: SubgraphDefinition<AuditContext> = {
  name: 'audit',
  schemaFile: new URL('../schema.graphql', import.meta.url),
  resolvers,
  migrations,
  createContext: createAuditContext,
  access: {
    scopes: { 'audit:read': 'the log of personal-data reads' },
    roles: { auditor: ['audit:read'] },
  },
};
