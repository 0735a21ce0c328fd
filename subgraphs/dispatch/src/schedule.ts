import type { SubgraphRuntime } from '@cityhub/kit';
import { Cron } from 'croner';
import type { DispatchSettings } from './config.js';
import { escalateOverdueOrders } from './managers/escalation.js';
import { WorkOrderStore } from './repositories/work-order-store.js';

/**
 * Looks for orders past their deadline on the configured schedule (croner, as the sites
 * department's missing-report check) and once at start (a hub that was down escalates what fell
 * due meanwhile). Every replica may run it: the rows it escalates are locked and skipped by others.
 */
export function scheduleEscalation(
  runtime: Pick<SubgraphRuntime, 'db' | 'logger'>,
  settings: Pick<DispatchSettings, 'escalationSchedule' | 'escalationEnabled'>,
  now: () => Date,
): { stop(): Promise<void> } {
  const logger = runtime.logger.child({ job: 'work-order-escalation' });
  if (!settings.escalationEnabled) {
    logger.info('overdue work orders are not escalated');
    return { stop: async () => {} };
  }
  const orders = new WorkOrderStore(runtime.db);
  const check = async (): Promise<void> => {
    try {
      await escalateOverdueOrders(runtime.db, orders, now(), logger);
    } catch (error) {
      logger.error({ err: error }, 'work-order escalation failed');
    }
  };
  let running = check();
  const job = new Cron(
    settings.escalationSchedule,
    { timezone: 'Asia/Shanghai', protect: true },
    () => {
      running = check();
      return running;
    },
  );
  logger.info({ next: job.nextRun()?.toISOString() }, 'overdue work orders escalated on schedule');
  return {
    async stop() {
      job.stop();
      await running;
    },
  };
}
