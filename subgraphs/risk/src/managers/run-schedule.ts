import { cityDate, createDatabase, shiftDate, type Logger } from '@cityhub/kit';
import { Cron } from 'croner';
import type { RiskConfig } from '../config.js';
import type { GatewaySettings } from '../gateway/gateway-client.js';
import { RunStore } from '../repositories/run-store.js';
import { catchUpMissedRun } from './run-catch-up.js';
import { RiskRunner } from './risk-runner.js';

/**
 * Runs the model every early morning (02:00 city time unless configured) for the day before. Only
 * the risk process's entry point starts it, so tests and the in-process hub never run it unasked.
 * A run that fails is logged and left FAILED; the next start, the next night, an official or the
 * command line reruns it. On start, yesterday is assessed if no run covers it yet.
 */
export function scheduleNightlyRuns(
  config: RiskConfig,
  gateway: GatewaySettings,
  logger: Logger,
): { stop(): Promise<void> } | null {
  const databaseUrl = config.RISK_DATABASE_URL ?? config.DATABASE_URL;
  if (!config.RISK_SCHEDULER_ENABLED || !databaseUrl) {
    logger.info({ enabled: config.RISK_SCHEDULER_ENABLED }, 'nightly risk runs are not scheduled');
    return null;
  }
  const db = createDatabase({ url: databaseUrl, schema: 'risk', poolMax: 2, logger });
  const runner = new RiskRunner(db, gateway, logger);
  const job = new Cron(
    config.RISK_RUN_SCHEDULE,
    { timezone: config.RISK_RUN_TIMEZONE, protect: true },
    async () => {
      const date = shiftDate(cityDate(), -1);
      try {
        const outcome = await runner.run(date, 'SCHEDULE', 'schedule');
        logger.info({ date, communities: outcome.communities }, 'nightly risk run done');
      } catch (error) {
        logger.error({ err: error, date }, 'nightly risk run failed');
      }
    },
  );
  logger.info(
    {
      schedule: config.RISK_RUN_SCHEDULE,
      timezone: config.RISK_RUN_TIMEZONE,
      next: job.nextRun()?.toISOString(),
    },
    'nightly risk runs scheduled',
  );
  const stopping = new AbortController();
  const catchUp = config.RISK_CATCH_UP_ON_START
    ? catchUpMissedRun(runner, new RunStore(db), logger, {
        gatewayUrl: gateway.url,
        signal: stopping.signal,
      }).catch((error) => logger.error({ err: error }, 'catch-up risk run failed'))
    : Promise.resolve();
  return {
    async stop() {
      job.stop();
      stopping.abort();
      await catchUp;
      await db.destroy();
    },
  };
}
