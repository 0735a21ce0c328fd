import type { SubgraphBaseContext } from '@cityhub/kit';
import type { GatewaySettings } from './gateway/gateway-client.js';
import { createRiskLoaders, type RiskLoaders } from './loaders.js';
import { CaseReportManager } from './managers/case-report-manager.js';
import { GroupRentalManager } from './managers/group-rental-manager.js';
import { ModelManager } from './managers/model-manager.js';
import { RiskRunner } from './managers/risk-runner.js';
import { AssessmentStore } from './repositories/assessment-store.js';
import { CaseReportStore } from './repositories/case-report-store.js';
import { CreditStore } from './repositories/credit-store.js';
import { HousingStore } from './repositories/housing-store.js';
import { ModelStore } from './repositories/model-store.js';
import { RunStore } from './repositories/run-store.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';

export interface RiskStores {
  assessments: AssessmentStore;
  caseReports: CaseReportStore;
  credit: CreditStore;
  housing: HousingStore;
  models: ModelStore;
  runs: RunStore;
}

export interface RiskContext extends SubgraphBaseContext, RiskStores {
  caseReportManager: CaseReportManager;
  groupRentalManager: GroupRentalManager;
  modelManager: ModelManager;
  runner: RiskRunner;
  loaders: RiskLoaders;
  series: SeriesLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function contextFactory(gateway: () => GatewaySettings) {
  return function createRiskContext(base: SubgraphBaseContext): RiskContext {
    const stores: RiskStores = {
      assessments: new AssessmentStore(base.db),
      caseReports: new CaseReportStore(base.db),
      credit: new CreditStore(base.db),
      housing: new HousingStore(base.db),
      models: new ModelStore(base.db),
      runs: new RunStore(base.db),
    };
    return {
      ...base,
      ...stores,
      caseReportManager: new CaseReportManager(stores.caseReports, base.caller),
      groupRentalManager: new GroupRentalManager(base.db, stores.housing, base.caller),
      modelManager: new ModelManager(stores.models, base.caller),
      runner: new RiskRunner(base.db, gateway(), base.logger),
      loaders: createRiskLoaders(stores),
      series: createSeriesLoaders(base.db),
    };
  };
}
