import type { SubgraphDefinition } from '@cityhub/kit';
import { gatewaySettingsOf, riskEnvironment, type RiskSettings } from './config.js';
import { contextFactory, type RiskContext } from './context.js';
import type { GatewaySettings } from './gateway/gateway-client.js';
import { riskOutbox } from './events.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';

export { seedRisk as seed } from './seed/seed-risk.js';
export type { RiskContext } from './context.js';
export { RiskRunner } from './managers/risk-runner.js';
export { catchUpMissedRun } from './managers/run-catch-up.js';
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
    access: {
      scopes: {
        'risk:read': 'assessments, case reports, group-rental flags and credit (rows)',
        'risk:review': 'recording findings on group-rental flags',
        'risk:run': 'starting a risk run',
        'risk:model': 'changing the risk model',
      },
      roles: {
        'street-official': ['risk:read', 'risk:review'],
        'district-official': ['risk:read', 'risk:review', 'risk:run'],
        'health-commission': ['risk:read', 'risk:run', 'risk:model'],
      },
    },
  };
}

/** The community risk model and its runs, group-rental detection, enterprise credit. */
export const subgraph = createRiskSubgraph();
export { importMappings } from './importers/index.js';
