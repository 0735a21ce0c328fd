import { createDatabase, type Database } from '../database.js';
import type { Logger } from '../logger.js';
import { migrateUp, type Migration } from '../migrations.js';
import type { ConsumeOptions, EventBus, EventConsumer, EventHandler } from './bus.js';
import type { HubEvent } from './catalogue.js';
import { eventColumns, eventOfRow, type DbEventRow } from './outbox.js';
import { listenFor, passLoop } from './wake-up.js';

/** Consumers are woken on this channel when events are appended to the log. */
export const EVENT_LOG_CHANNEL = 'cityhub_event_log';
const SCHEMA = 'event_bus';

const eventLogMigration: Migration = {
  name: '20261130050000_event_log',
  async up(db) {
    await db.schema.createTable('events', (t) => {
      eventColumns(t);
      t.timestamp('appended_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    });
    await db.schema.createTable('consumer_offsets', (t) => {
      t.text('consumer').primary();
      t.bigInteger('last_seq').notNullable().defaultTo(0);
    });
  },
  async down(db) {
    await db.schema.dropTable('consumer_offsets');
    await db.schema.dropTable('events');
  },
};

/**
 * The embedded default, with no broker to run: the relays append to one log table in the hub's
 * PostgreSQL (de-duplicated by event id), LISTEN/NOTIFY wakes the consumers, and each durable
 * consumer's position is a row. Appends take a transaction-level lock so that the log's sequence
 * is its commit order and a consumer never skips an event committed late.
 */
export class PostgresEventBus implements EventBus {
  readonly kind = 'postgres';
  private constructor(
    private readonly db: Database,
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  static async open(options: {
    databaseUrl: string;
    logger: Logger;
    pollMs?: number;
  }): Promise<PostgresEventBus> {
    const db = createDatabase({ url: options.databaseUrl, schema: SCHEMA, poolMax: 4 });
    await migrateUp(db, SCHEMA, [eventLogMigration]);
    return new PostgresEventBus(db, options.databaseUrl, options.logger, options.pollMs ?? 2_000);
  }

  async publish(events: HubEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction(async (trx) => {
      await trx.raw(
        `/* eventBus.appendLock */ SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}.events'))`,
      );
      await trx('events')
        .comment('eventBus.append')
        .insert(
          events.map((event) => ({
            id: event.id,
            type: event.type,
            version: event.version,
            source: event.source,
            occurred_at: event.occurredAt,
            street_code: event.streetCode,
            community_code: event.communityCode,
            credit_code: event.creditCode,
            data: JSON.stringify(event.data),
          })),
        )
        .onConflict('id')
        .ignore();
      await trx.raw('/* eventBus.notify */ SELECT pg_notify(?, ?)', [EVENT_LOG_CHANNEL, '']);
    });
  }

  async consume(
    name: string,
    handler: EventHandler,
    options: ConsumeOptions = {},
  ): Promise<EventConsumer> {
    const batchSize = options.batchSize ?? 500;
    await this.db('consumer_offsets')
      .comment('eventBus.addConsumer')
      .insert({ consumer: name, last_seq: 0 })
      .onConflict('consumer')
      .ignore();
    const pass = () =>
      this.db.transaction(async (trx) => {
        // One instance of a durable consumer at a time; another one skips the pass.
        const offset = await trx('consumer_offsets')
          .comment('eventBus.lockOffset')
          .where({ consumer: name })
          .forUpdate()
          .skipLocked()
          .first();
        if (!offset) return false;
        const rows: DbEventRow[] = await trx('events')
          .comment('eventBus.read')
          .where('seq', '>', offset.last_seq)
          .orderBy('seq')
          .limit(batchSize);
        if (rows.length === 0) return false;
        await handler(rows.map(eventOfRow));
        await trx('consumer_offsets')
          .comment('eventBus.advance')
          .where({ consumer: name })
          .update({ last_seq: rows.at(-1)!.seq });
        return rows.length === batchSize;
      });
    const loop = passLoop(pass, this.pollMs, this.logger, `event consumer ${name}`);
    const listener = listenFor(this.databaseUrl, EVENT_LOG_CHANNEL, loop.wake, this.logger);
    return {
      async stop() {
        await listener.close();
        await loop.stop();
      },
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
