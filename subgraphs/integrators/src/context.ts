import { ApiKeyStore, type ApiKeyUsageTotals } from '@cityhub/gateway';
import type { SubgraphBaseContext } from '@cityhub/kit';
import DataLoader from 'dataloader';
import { KeyManager } from './key-manager.js';

export interface IntegratorsContext extends SubgraphBaseContext {
  keys: KeyManager;
  /** Usage totals of the keys a response shows, in one statement. */
  usage: DataLoader<string, ApiKeyUsageTotals>;
}

const NEVER_USED: ApiKeyUsageTotals = { requests: 0, errors: 0, rateLimited: 0, lastUsedAt: null };

export function createIntegratorsContext(base: SubgraphBaseContext): IntegratorsContext {
  const store = new ApiKeyStore(base.db);
  return {
    ...base,
    keys: new KeyManager(store, base.caller),
    usage: new DataLoader(async (ids) => {
      const totals = await store.usage(ids);
      return ids.map((id) => totals.get(id) ?? NEVER_USED);
    }),
  };
}
