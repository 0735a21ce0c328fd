import type { SubgraphBaseContext } from '@cityhub/kit';
import { ReadLog } from './managers/read-log.js';
import { ReadStore } from './repositories/read-store.js';

export interface AuditContext extends SubgraphBaseContext {
  reads: ReadStore;
  readLog: ReadLog;
}

export function createAuditContext(base: SubgraphBaseContext): AuditContext {
  const reads = new ReadStore(base.db);
  return { ...base, reads, readLog: new ReadLog({ caller: base.caller, reads }) };
}
