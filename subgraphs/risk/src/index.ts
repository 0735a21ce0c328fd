import type { SubgraphDefinition } from '@cityhub/kit';
import { gatewaySettingsOf, riskEnvironment, type RiskSettings } from './config.js';
import { contextFactory, type RiskContext } from './context.js';
import type { GatewaySettings } from './gateway/gateway-client.js';
import { riskOutbox } from './events.js';
import { caseReportFeed } from './feeds/case-report-feed.js';
import { utilityReadingFeed } from './feeds/utility-reading-feed.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedRisk as seed } from './seed/seed-risk.js';
export type { RiskContext } from './context.js';
export { RiskRunner } from './managers/risk-runner.js';
export { catchUpMissedRun } from './managers/run-catch-up.js';
export { CASE_REPORT_FEED, caseReportFeed } from './feeds/case-report-feed.js';
export { UTILITY_READING_FEED, utilityReadingFeed } from './feeds/utility-reading-feed.js';
export { RunStore } from './repositories/run-store.js';
export type { GatewaySettings } from './gateway/gateway-client.js';
export type { RiskSettings } from './config.js';

/**
 * The risk department's subgraph (风险). `gateway` replaces where on-demand runs find the hub (by
 * default the settings parsed at start say).
 */
export function createRiskSubgraph(
  gateway?: () => GatewaySettings,
): SubgraphDefinition<RiskContext, RiskSettings> {
  return {
    name: 'risk',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    environment: riskEnvironment as SubgraphDefinition<RiskContext, RiskSettings>['environment'],
    resolvers,
    migrations,
    createContext: (base) =>
      contextFactory(gateway ?? (() => gatewaySettingsOf(base.settings)))(base),
    outbox: riskOutbox,
    // Case reports and meter readings also from NATS and MQTT, when configured (RISK_FEED_* or FEED_*).
    feeds: (runtime) => [caseReportFeed(runtime.personIdKey), utilityReadingFeed],
    access: {
      scopes: {
        'risk:read': 'assessments, case reports, group-rental flags and credit (rows)',
        'risk:review': 'recording findings on group-rental flags',
        'risk:run': 'starting a risk run',
        'risk:model': 'changing the risk model',
        'risk:ingest-cases': "pushing case reports (the health commission's feed system)",
        'risk:ingest-readings': "pushing dwellings' meter readings (the utilities' feed system)",
      },
      roles: {
        'street-official': ['risk:read', 'risk:review'],
        'district-official': ['risk:read', 'risk:review', 'risk:run'],
        'health-commission': ['risk:read', 'risk:run', 'risk:model'],
        // Each feed's sending system has a role of its own, and nobody else may feed.
        'case-report-feed': ['risk:ingest-cases'],
        'utility-reading-feed': ['risk:ingest-readings'],
      },
    },
  };
}

/** The community risk model and its runs, group-rental detection, enterprise credit. */
export const subgraph = createRiskSubgraph();
export { importMappings } from './importers/index.js';
