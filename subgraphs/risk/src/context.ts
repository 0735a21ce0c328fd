import type { SubgraphBaseContext } from '@cityhub/kit';
import type { GatewaySettings } from './gateway/gateway-client.js';
import { createRiskLoaders, type RiskLoaders } from './loaders.js';
import { AssessmentStore } from './repositories/assessment-store.js';
import { CaseReportStore } from './repositories/case-report-store.js';
import { CreditStore } from './repositories/credit-store.js';
import { HousingStore } from './repositories/housing-store.js';
import { ModelStore } from './repositories/model-store.js';
import { RunStore } from './repositories/run-store.js';
import { RiskRunner } from './run/risk-runner.js';
import { createSeriesLoaders, type SeriesLoaders } from './series-loaders.js';

export interface RiskContext extends SubgraphBaseContext {
  assessments: AssessmentStore;
  caseReports: CaseReportStore;
  credit: CreditStore;
  housing: HousingStore;
  models: ModelStore;
  runs: RunStore;
  runner: RiskRunner;
  loaders: RiskLoaders;
  series: SeriesLoaders;
}

/** Built per request: loaders never outlive the request, so one caller's data never reaches another. */
export function contextFactory(gateway: () => GatewaySettings) {
  return function createRiskContext(base: SubgraphBaseContext): RiskContext {
    const stores = {
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
      runner: new RiskRunner(base.db, gateway(), base.logger),
      loaders: createRiskLoaders(stores),
      series: createSeriesLoaders(base.db),
    };
  };
}
