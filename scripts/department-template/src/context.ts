import type { SubgraphBaseContext } from '@cityhub/kit';
import type { TmplSettings } from './config.js';
import { createTmplLoaders, type TmplLoaders } from './loaders.js';
import { OfficeManager } from './managers/office-manager.js';
import { OfficeStore } from './repositories/office-store.js';

export interface TmplContext extends SubgraphBaseContext<TmplSettings> {
  loaders: TmplLoaders;
  offices: OfficeManager;
}

/** Per request: the stores, the managers and fresh loaders (never shared between callers). */
export function createTmplContext(base: SubgraphBaseContext<TmplSettings>): TmplContext {
  const store = new OfficeStore(base.db);
  const loaders = createTmplLoaders(store);
  return {
    ...base,
    loaders,
    offices: new OfficeManager(base.db, store, loaders, base.settings),
  };
}
