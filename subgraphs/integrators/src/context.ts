import { ApiKeyStore } from '@cityhub/gateway';
import type { SubgraphBaseContext } from '@cityhub/kit';
import { createIntegratorsLoaders, type IntegratorsLoaders } from './loaders.js';
import { KeyManager } from './managers/key-manager.js';

export interface IntegratorsContext extends SubgraphBaseContext {
  keys: KeyManager;
  loaders: IntegratorsLoaders;
}

/** Built per request: loaders never outlive the request. */
export function createIntegratorsContext(base: SubgraphBaseContext): IntegratorsContext {
  const store = new ApiKeyStore(base.db);
  return {
    ...base,
    keys: new KeyManager(store, base.caller),
    loaders: createIntegratorsLoaders(store),
  };
}
