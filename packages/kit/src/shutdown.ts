import type { Logger } from './logger.js';

/**
 * Runs the given steps once, in order, on SIGINT or SIGTERM, then exits. The steps are the
 * service's drain (stop accepting, finish requests in flight, flush the audit log, close pools);
 * they get `deadlineMs` in all. A second signal exits at once, so that a stuck shutdown never
 * holds a terminal hostage.
 */
export function onShutdown(
  logger: Logger,
  steps: Array<() => Promise<void>>,
  deadlineMs = 25_000,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, deadlineMs).unref();
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    logger.info('shut down');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
