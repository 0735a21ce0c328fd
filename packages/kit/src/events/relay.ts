import type { Database } from '../database.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';
import { OUTBOX_CHANNEL, eventOfRow, type DbOutboxRow } from './outbox.js';
import { listenFor, passLoop } from './wake-up.js';

export interface OutboxRelayOptions {
  db: Database;
  databaseUrl: string;
  /** The department's schema, whose `event_outbox` this relay publishes. */
  schema: string;
  bus: EventBus;
  logger: Logger;
  /** Polled this often as well as woken by NOTIFY, so that a lost notification only delays. */
  pollMs?: number;
  batchSize?: number;
}

/**
 * Publishes a department's committed outbox rows to the bus and marks them published in the same
 * transaction that locked them. A relay killed between the publish and the commit publishes the
 * rows again: the bus drops the second copy by event id (JetStream's message id, the log's key).
 */
export function startOutboxRelay(options: OutboxRelayOptions): { stop(): Promise<void> } {
  const batchSize = options.batchSize ?? 500;
  const logger = options.logger.child({ relay: options.schema });
  const table = `"${options.schema}".event_outbox`;
  const pass = () =>
    options.db.transaction(async (trx) => {
      const { rows } = await trx.raw<{ rows: DbOutboxRow[] }>(
        `/* ${options.schema}.outboxUnpublished */ SELECT * FROM ${table} WHERE published_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return false;
      await options.bus.publish(rows.map(eventOfRow));
      await trx.raw(
        `/* ${options.schema}.outboxPublished */ UPDATE ${table} SET published_at = now() WHERE seq = ANY(?)`,
        [rows.map((row) => row.seq)],
      );
      return rows.length === batchSize;
    });
  const loop = passLoop(pass, options.pollMs ?? 2_000, logger, 'outbox relay');
  const listener = listenFor(
    options.databaseUrl,
    OUTBOX_CHANNEL,
    (payload) => (payload === undefined || payload === options.schema) && loop.wake(),
    logger,
  );
  return {
    async stop() {
      await listener.close();
      await loop.stop();
    },
  };
}
