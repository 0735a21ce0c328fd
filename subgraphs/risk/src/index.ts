import type { SubgraphDefinition } from '@cityhub/kit';
import { gatewaySettingsOf, riskConfig } from './config.js';
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

/**
 * The risk department's subgraph (风险). `gateway` says where on-demand runs find the hub; by
 * default the process's configuration, read when the first request needs it.
 */
export function createRiskSubgraph(
  gateway: () => GatewaySettings = () => gatewaySettingsOf(riskConfig()),
): SubgraphDefinition<RiskContext> {
  return {
    name: 'risk',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    resolvers,
    migrations,
    createContext: contextFactory(gateway),
    outbox: riskOutbox,
  };
}

/** The community risk model and its runs, group-rental detection, enterprise credit. */
export const subgraph: SubgraphDefinition<RiskContext> = createRiskSubgraph();
