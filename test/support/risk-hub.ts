import { loadSubgraphModules, type InProcessHub } from '@cityhub/launcher';
import { createRiskSubgraph, type GatewaySettings } from '@cityhub/risk';
import { startTestHub, testKey } from './hub.js';

/** The hub's subgraphs, the risk department's runs reading the hub through `gatewayUrl()` as `risk-run`. */
export async function modulesWithRiskRuns(gatewayUrl: () => string) {
  const gateway = () => ({
    url: gatewayUrl(),
    servicePrivateKey: testKey('risk-run'),
    timeoutMs: 60_000,
  });
  return (await loadSubgraphModules()).map((module) =>
    module.entry.name === 'risk'
      ? { ...module, subgraph: createRiskSubgraph(gateway) as never }
      : module,
  );
}

/**
 * The test hub with a risk subgraph whose runs read the other departments through this very hub's
 * gateway (as the `risk-run` service), and those runs' gateway settings for a test's own runner.
 */
export async function startHubWithRiskRuns(): Promise<{
  hub: InProcessHub;
  gateway: () => GatewaySettings;
}> {
  let url = '';
  const gateway = () => ({ url, servicePrivateKey: testKey('risk-run'), timeoutMs: 60_000 });
  const hub = await startTestHub(undefined, { modules: await modulesWithRiskRuns(() => url) });
  url = hub.gateway.url;
  return { hub, gateway };
}
