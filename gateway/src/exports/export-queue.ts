import type { Logger } from '@cityhub/kit';
import PgBoss from 'pg-boss';
import type { ExportJobStore } from './export-job-store.js';
import {
  ExportFailure,
  ExportInterrupted,
  runExport,
  type ExportRunnerOptions,
} from './export-runner.js';

const EXPORT_QUEUE = 'csv-export';
const CLEANUP_QUEUE = 'csv-export-cleanup';

export interface ExportQueueOptions extends ExportRunnerOptions {
  databaseUrl: string;
  /** pg-boss's own schema (its job tables), beside the gateway's. */
  queueSchema: string;
  /** How long a finished export's file and link live. */
  linkTtlSeconds: number;
  /** When the scheduled pass removes expired files (cron, minutes). */
  cleanupCron: string;
  store: ExportJobStore;
  logger: Logger;
}

/**
 * The export jobs' queue, pg-boss on the gateway's PostgreSQL: any replica may take a job. A job
 * whose gateway stopped mid-way goes back to the queue (its pg-boss job is retried, or expires and
 * is retried if the process died) and is rerun from the start; the scheduled pass removes expired
 * files every few minutes, run once by whichever replica pg-boss picks.
 */
export async function startExportQueue(options: ExportQueueOptions) {
  const logger = options.logger.child({ component: 'export-jobs' });
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: options.queueSchema,
    application_name: 'cityhub-gateway-exports',
    max: 3,
  });
  boss.on('error', (error) => logger.warn({ err: error }, 'export queue error'));
  await boss.start();
  await boss.createQueue(EXPORT_QUEUE, {
    name: EXPORT_QUEUE,
    retryLimit: 5,
    retryDelay: 1,
    expireInSeconds: 30 * 60,
  });
  await boss.createQueue(CLEANUP_QUEUE, { name: CLEANUP_QUEUE });
  const stopping = new AbortController();
  const ttlMs = options.linkTtlSeconds * 1000;

  const worker = await boss.work<{ exportId: string }>(
    EXPORT_QUEUE,
    { pollingIntervalSeconds: 1 },
    async ([job]) => {
      const exportJob = job && (await options.store.byId(job.data.exportId));
      if (!exportJob || exportJob.state === 'done' || exportJob.state === 'failed') return;
      try {
        await runExport(exportJob, options, stopping.signal);
        await options.store.finish(exportJob.id, new Date(Date.now() + ttlMs));
      } catch (error) {
        if (error instanceof ExportFailure)
          return options.store.fail(
            exportJob.id,
            { code: error.code, message: error.message },
            new Date(Date.now() + ttlMs),
          );
        if (!(error instanceof ExportInterrupted))
          logger.warn({ err: error, exportId: exportJob.id }, 'export failed; it will be retried');
        await options.store.requeue(exportJob.id);
        throw error; // pg-boss retries it, here or on another replica
      }
    },
  );
  await boss.work(CLEANUP_QUEUE, async () => {
    const removed = await options.store.removeExpired();
    if (removed > 0) logger.info({ removed }, 'expired exports removed');
  });
  await boss.schedule(CLEANUP_QUEUE, options.cleanupCron);

  return {
    async enqueue(exportId: string): Promise<void> {
      await boss.send(EXPORT_QUEUE, { exportId });
      boss.notifyWorker(worker);
    },
    async stop(): Promise<void> {
      stopping.abort();
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}
