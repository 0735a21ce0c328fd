import pg from 'pg';
import type { Logger } from '../logger.js';

/**
 * A LISTEN connection that calls `onWake` for each notification on the channel; a lost connection
 * is reopened (callers also poll, so a notification lost meanwhile only delays them).
 */
export function listenFor(
  databaseUrl: string,
  channel: string,
  onWake: (payload: string | undefined) => void,
  logger: Logger,
): { close(): Promise<void> } {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const next = new pg.Client({
      connectionString: databaseUrl,
      application_name: `cityhub-listen-${channel}`,
    });
    next.on('notification', (message) => onWake(message.payload));
    next.on('error', (error) => {
      logger.warn({ err: error, channel }, 'LISTEN connection lost; reopening');
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void open(), 1_000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) return void (await next.end());
      client = next;
      onWake(undefined);
    } catch (error) {
      logger.warn({ err: error, channel }, 'LISTEN connection failed; retrying');
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void open(), 1_000);
    }
  };
  void open();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

/**
 * Runs `pass` whenever woken or every `pollMs`, never two at once; a pass that reports more work
 * runs again at once. `stop` waits for the pass in hand.
 */
export function passLoop(
  pass: () => Promise<boolean>,
  pollMs: number,
  logger: Logger,
  what: string,
): { wake(): void; stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) return void (again = true);
    running = (async () => {
      do {
        again = false;
        try {
          while (!stopped && (await pass()));
        } catch (error) {
          logger.error({ err: error }, `${what} failed; retrying`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, 1_000)));
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(run, pollMs);
  timer.unref();
  run();
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
