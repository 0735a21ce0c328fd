import type { ApiKeyStore, ApiKeyUsageTotals } from '@cityhub/gateway';
import DataLoader from 'dataloader';

const NEVER_USED: ApiKeyUsageTotals = { requests: 0, errors: 0, rateLimited: 0, lastUsedAt: null };

/** Per-request loaders: the usage totals of the keys a response shows, in one statement. */
export function createIntegratorsLoaders(store: ApiKeyStore) {
  return {
    usageByKey: new DataLoader<string, ApiKeyUsageTotals>(async (ids) => {
      const totals = await store.usage(ids);
      return ids.map((id) => totals.get(id) ?? NEVER_USED);
    }),
  };
}

export type IntegratorsLoaders = ReturnType<typeof createIntegratorsLoaders>;
