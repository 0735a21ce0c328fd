import type { Knex } from 'knex';
import type { Migration } from '../migrations.js';
import type { HubEvent } from './catalogue.js';

/** Where a department's outbox wakes the relay: NOTIFY is sent at commit, never for a rollback. */
export const OUTBOX_CHANNEL = 'cityhub_outbox';

/** A knex transaction, or the raw client of `inRawTransaction` (the risk run's COPY). */
export type OutboxTransaction =
  Knex.Transaction | { query(sql: string, values?: unknown[]): unknown };

/** An event as a row of an outbox or of the hub's log: the envelope's columns. */
export interface DbEventRow {
  seq: number;
  id: string;
  type: string;
  version: number;
  source: string;
  occurred_at: Date;
  street_code: string | null;
  community_code: string | null;
  credit_code: string | null;
  data: Record<string, unknown>;
}

/** The row of a department's `event_outbox` table. */
export interface DbOutboxRow extends DbEventRow {
  published_at: Date | null;
}

/** An event read back from its row, in an outbox or in the log. */
export function eventOfRow(row: DbEventRow): HubEvent {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    source: row.source,
    occurredAt: new Date(row.occurred_at).toISOString(),
    streetCode: row.street_code,
    communityCode: row.community_code,
    creditCode: row.credit_code,
    data: row.data,
  };
}

const COLUMNS = [
  'id',
  'type',
  'version',
  'source',
  'occurred_at',
  'street_code',
  'community_code',
  'credit_code',
  'data',
];

/**
 * A department's transactional outbox: events are written by the manager inside the transaction
 * of the change, so an event exists if and only if the change committed. The relay publishes them.
 */
export class Outbox {
  constructor(readonly schema: string) {}

  /**
   * Adds events inside `trx`; call it in the same transaction as the change they describe. An
   * event whose id is already in the outbox (a deterministic id, see `eventIdFor`) is not added again.
   */
  async add(trx: OutboxTransaction, ...events: HubEvent[]): Promise<void> {
    // Chunks keep a 10,000-event run under PostgreSQL's 65,535 parameters.
    const chunk = Math.floor(60_000 / COLUMNS.length);
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    for (let from = 0; from < events.length; from += chunk) {
      const slice = events.slice(from, from + chunk);
      // The insert and the wake-up in one statement: producers' statement counts barely move.
      await run(
        trx,
        `/* ${this.schema}.addToOutbox */ WITH added AS (INSERT INTO "${this.schema}".event_outbox (${COLUMNS.join(', ')}) VALUES ${slice.map(() => row).join(', ')} ON CONFLICT (id) DO NOTHING RETURNING 1) SELECT pg_notify(?, ?)`,
        [
          ...slice.flatMap((event) => [
            event.id,
            event.type,
            event.version,
            event.source,
            event.occurredAt,
            event.streetCode,
            event.communityCode,
            event.creditCode,
            JSON.stringify(event.data),
          ]),
          OUTBOX_CHANNEL,
          this.schema,
        ],
      );
    }
  }
}

async function run(trx: OutboxTransaction, sql: string, values: unknown[]): Promise<void> {
  if ('raw' in trx && typeof trx.raw === 'function') {
    await (trx as Knex.Transaction).raw(sql, values as Knex.RawBinding[]);
    return;
  }
  let n = 0;
  await (trx as { query(sql: string, values?: unknown[]): unknown }).query(
    sql.replaceAll('?', () => `$${++n}`),
    values,
  );
}

/** The columns of a stored event (`DbEventRow`), as the outbox and the bus's log both keep them. */
export function eventColumns(t: Knex.CreateTableBuilder): void {
  t.bigIncrements('seq');
  t.uuid('id').notNullable().unique();
  t.text('type').notNullable();
  t.integer('version').notNullable();
  t.text('source').notNullable();
  t.timestamp('occurred_at', { useTz: true }).notNullable();
  t.text('street_code');
  t.text('community_code');
  t.string('credit_code', 18);
  t.jsonb('data').notNullable();
}

/** The outbox table, in the department's own schema: one migration each department lists. */
export function outboxMigration(name: string): Migration {
  return {
    name,
    async up(db) {
      await db.schema.createTable('event_outbox', (t) => {
        eventColumns(t);
        t.timestamp('published_at', { useTz: true });
      });
      // The relay's only question: what is not yet published, oldest first.
      await db.raw(
        'CREATE INDEX event_outbox_unpublished ON event_outbox (seq) WHERE published_at IS NULL',
      );
    },
    async down(db) {
      await db.schema.dropTable('event_outbox');
    },
  };
}
