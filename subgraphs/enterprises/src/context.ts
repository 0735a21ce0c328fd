import type { SubgraphBaseContext } from '@cityhub/kit';
import type { EnterprisesSettings } from './config.js';
import { createEnterpriseLoaders, type EnterpriseLoaders } from './loaders.js';
import { FilingManager } from './managers/filing-manager.js';
import { IndicatorManager } from './managers/indicator-manager.js';
import { ShopManager } from './managers/shop-manager.js';
import { EnterpriseStore } from './repositories/enterprise-store.js';
import { FilingStore } from './repositories/filing-store.js';
import { IndicatorStore } from './repositories/indicator-store.js';
import { ShopStore } from './repositories/shop-store.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';
import { createGroupCountLoaders, type GroupCountLoaders } from './group-count-loaders.js';

export type EnterprisesContext = SubgraphBaseContext<EnterprisesSettings> & {
  enterprises: EnterpriseStore;
  filings: FilingStore;
  shops: ShopStore;
  indicators: IndicatorStore;
  filingManager: FilingManager;
  shopManager: ShopManager;
  indicatorManager: IndicatorManager;
  loaders: EnterpriseLoaders;
  series: SeriesLoaders;
  groupCounts: GroupCountLoaders;
};

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function createEnterprisesContext(
  base: SubgraphBaseContext<EnterprisesSettings>,
): EnterprisesContext {
  const enterprises = new EnterpriseStore(base.db);
  const filings = new FilingStore(base.db);
  const shops = new ShopStore(base.db);
  const indicators = new IndicatorStore(base.db);
  return {
    ...base,
    enterprises,
    filings,
    shops,
    indicators,
    filingManager: new FilingManager(base.db, filings, enterprises, base.caller, base.personIdKey),
    shopManager: new ShopManager(base.db, shops, enterprises, base.caller, base.personIdKey),
    indicatorManager: new IndicatorManager(base.db, indicators, enterprises, base.caller),
    loaders: createEnterpriseLoaders(enterprises, filings, shops, indicators),
    series: createSeriesLoaders(base.db),
    groupCounts: createGroupCountLoaders(base.db),
  };
}
