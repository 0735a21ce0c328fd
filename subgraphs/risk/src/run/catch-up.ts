import { cityDate, shiftDate, type Logger } from '@cityhub/kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunStore } from '../repositories/run-store.js';
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
export async function catchUpMissedRun(runner: RiskRunner, runs: RunStore, logger: Logger, options: CatchUpOptions): Promise<CatchUpOutcome> {
  const date = options.date ?? shiftDate(cityDate(), -1);
  if (await runs.coveredOn(date)) {
    logger.info({ date }, 'risk assessments of the day are in place; no catch-up run');
    return 'already-covered';
  }
  const health = new URL('/health', options.gatewayUrl);
  const deadline = Date.now() + (options.waitForGatewayMs ?? 10 * 60_000);
  while (!(await answers(health))) {
    if (options.signal?.aborted) return 'stopped';
    if (Date.now() > deadline) {
      logger.warn({ date, gateway: health.href }, 'the gateway did not answer; the missed risk run waits for the schedule or an official');
      return 'gateway-unreachable';
    }
    await sleep(1_000, undefined, { signal: options.signal }).catch(() => undefined);
  }
  if (options.signal?.aborted) return 'stopped';
  const outcome = await runner.run(date, 'SCHEDULE', 'schedule (catch-up on start)');
  logger.info({ date, communities: outcome.communities }, 'catch-up risk run done');
  return 'ran';
}

async function answers(url: URL): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}
