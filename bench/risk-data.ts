import {
  DEVELOPMENT_IDENTITY_PASSPHRASE,
  createLogger,
  derivedIdentityKey,
  type Database,
} from '@cityhub/kit';
import { RiskRunner, RunStore, catchUpMissedRun } from '@cityhub/risk';

/**
 * The risk dashboards show yesterday's assessments; on a freshly seeded database there are none
 * yet and they would answer an empty map. Like `npm start`, the bench first runs the model for
 * yesterday through our gateway when no run covers it, so that those workloads measure real maps.
 */
export async function ensureYesterdayAssessed(
  riskDb: Database,
  gatewayUrl: string,
): Promise<string> {
  const logger = createLogger('bench-risk', 'warn');
  const runner = new RiskRunner(
    riskDb,
    {
      url: gatewayUrl,
      servicePrivateKey: derivedIdentityKey(DEVELOPMENT_IDENTITY_PASSPHRASE, 'risk-run'),
      timeoutMs: 300_000,
    },
    logger,
  );
  const started = performance.now();
  const outcome = await catchUpMissedRun(runner, new RunStore(riskDb), logger, {
    gatewayUrl,
    waitForGatewayMs: 30_000,
  });
  if (outcome === 'ran')
    return `Yesterday had no risk assessments; the bench ran the model first (${((performance.now() - started) / 1000).toFixed(1)} s) so that the risk dashboards show real maps.`;
  if (outcome === 'already-covered')
    return "Yesterday's risk assessments were in place before the workloads ran.";
  throw new Error(`could not assess yesterday before the risk workloads: ${outcome}`);
}
