import type { SubgraphBaseContext } from '@cityhub/kit';
import { ReadStore } from './repositories/read-store.js';

export interface AuditContext extends SubgraphBaseContext {
  reads: ReadStore;
}

export function createAuditContext(base: SubgraphBaseContext): AuditContext {
  return { ...base, reads: new ReadStore(base.db) };
}
