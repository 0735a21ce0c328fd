import type { Logger } from './logger.js';

/**
 * Runs the given steps once, in order, on SIGINT or SIGTERM, then exits. A second signal exits at
 * once, so that a stuck shutdown never holds a terminal hostage.
 */
export function onShutdown(logger: Logger, steps: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
