import { cityDate, shiftDate, waitUntilHealthy, type Logger } from '@cityhub/kit';
import { type RunStore } from '../repositories/run-store.js';
import type { RiskRunner } from './risk-runner.js';

export type CatchUpOutcome = 'already-covered' | 'ran' | 'gateway-unreachable' | 'stopped';

export interface CatchUpOptions {
  /** The gateway's GraphQL URL; its /health says when the inputs can be read. */
  gatewayUrl: string;
  date?: string;
  waitForGatewayMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs the model for a date (yesterday by default) unless a run already covers it: the run a hub
 * missed while it was down at 02:00, or the first one of a fresh install, so that the
 * operations-centre screen has colours from the first start. It waits for the gateway, which a
 * launcher starts after the subgraphs.
 */
export async function catchUpMissedRun(
  runner: RiskRunner,
  runs: RunStore,
  logger: Logger,
  options: CatchUpOptions,
): Promise<CatchUpOutcome> {
  const date = options.date ?? shiftDate(cityDate(), -1);
  if (await runs.coveredOn(date)) {
    logger.info({ date }, 'risk assessments of the day are in place; no catch-up run');
    return 'already-covered';
  }
  const health = new URL('/health', options.gatewayUrl);
  const answered = await waitUntilHealthy(health, {
    timeoutMs: options.waitForGatewayMs ?? 10 * 60_000,
    intervalMs: 1_000,
    giveUp: () => options.signal?.aborted ?? false,
  });
  if (options.signal?.aborted) return 'stopped';
  if (!answered) {
    logger.warn(
      { date, gateway: health.href },
      'the gateway did not answer; the missed risk run waits for the schedule or an official',
    );
    return 'gateway-unreachable';
  }
  const outcome = await runner.run(date, 'SCHEDULE', 'schedule (catch-up on start)');
  logger.info({ date, communities: outcome.communities }, 'catch-up risk run done');
  return 'ran';
}
