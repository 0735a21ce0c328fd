import { cityDate, cityMidnight, type SubgraphRuntime } from '@cityhub/kit';
import { Cron } from 'croner';
import type { MissingReportSettings } from './config.js';
import { checkMissingReports } from './managers/missing-report-check.js';
import { MissingReportStore } from './repositories/missing-report-store.js';

/**
 * Checks every day at the report deadline (city time) which sites have not reported, and once on
 * start when the deadline of the day has passed (a hub down at 10:00 still finds them). Every
 * replica may run it: the findings' key makes each site and day one event.
 */
export function scheduleMissingReportChecks(
  runtime: Pick<SubgraphRuntime, 'db' | 'logger'>,
  settings: MissingReportSettings,
  now: () => Date = () => new Date(),
): { stop(): Promise<void> } {
  const logger = runtime.logger.child({ job: 'missing-report-check' });
  if (!settings.enabled) {
    logger.info('missing daily reports are not checked');
    return { stop: async () => {} };
  }
  const store = new MissingReportStore(runtime.db);
  const check = async (date: string): Promise<void> => {
    try {
      await checkMissingReports(runtime.db, store, date, logger);
    } catch (error) {
      logger.error({ err: error, date }, 'missing daily report check failed');
    }
  };
  const hours = Math.floor(settings.deadlineMinutes / 60);
  const minutes = settings.deadlineMinutes % 60;
  const job = new Cron(
    `${minutes} ${hours} * * *`,
    { timezone: 'Asia/Shanghai', protect: true },
    () => check(cityDate(now())),
  );
  const today = cityDate(now());
  const deadline = cityMidnight(today).getTime() + settings.deadlineMinutes * 60_000;
  const onStart = now().getTime() >= deadline ? check(today) : Promise.resolve();
  logger.info({ next: job.nextRun()?.toISOString() }, 'missing daily reports checked daily');
  return {
    async stop() {
      job.stop();
      await onStart;
    },
  };
}
