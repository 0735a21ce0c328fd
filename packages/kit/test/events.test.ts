import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type {} from '../../../test/support/constants.js';
import { inject } from 'vitest';
import { createDatabase } from '../src/database.js';
import { createLogger } from '../src/logger.js';
import { migrateUp } from '../src/migrations.js';
import {
  NatsEventBus,
  Outbox,
  PostgresEventBus,
  eventIdFor,
  hubEvent,
  outboxMigration,
  startOutboxRelay,
  type EventBus,
  type HubEvent,
} from '../src/events/index.js';
import { machineServicePlan } from '../../../test/support/machine-services.js';

const logger = createLogger('events-test', 'silent');
const databaseUrl = inject('databaseUrl');
const NATS_URL = 'nats://127.0.0.1:4222';
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function levelChange(n: number): HubEvent {
  return hubEvent(
    'risk.level_changed',
    { streetCode: '310104003', communityCode: `c${n}` },
    { communityCode: `c${n}`, from: 'BLUE', to: 'RED', score: 80, runId: n, date: '2026-11-29' },
  );
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A bus whose first publish of a batch "crashes" after the bus took it: the relay must send it again. */
function crashingOnce(bus: EventBus): EventBus & { crashes: number } {
  const wrapper = Object.create(bus) as EventBus & { crashes: number };
  wrapper.crashes = 0;
  wrapper.publish = async (events) => {
    await bus.publish(events);
    if (wrapper.crashes === 0 && events.length > 1) {
      wrapper.crashes++;
      throw new Error('relay killed after publishing, before marking');
    }
  };
  return wrapper;
}

const nats = await machineServicePlan('nats');
const buses: Array<[string, () => Promise<EventBus>]> = [
  [
    'the embedded PostgreSQL log',
    () => PostgresEventBus.open({ databaseUrl, logger, pollMs: 200 }),
  ],
  [
    'NATS JetStream',
    () =>
      NatsEventBus.open({
        url: NATS_URL,
        prefix: `t${randomBytes(4).toString('hex')}`,
        logger,
        ackWaitMs: 1_000,
      }),
  ],
].filter(([name]) => nats.run || name !== 'NATS JetStream') as typeof buses;

describe.each(buses)('events through %s', (_name, openBus) => {
  it('a relay killed between publish and commit and a subscriber killed before its ack lose nothing, and an idempotent consumer applies each event once', async () => {
    const schema = `outbox_${randomBytes(4).toString('hex')}`;
    const db = createDatabase({ url: databaseUrl, schema, poolMax: 4 });
    cleanups.push(async () => {
      await db.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.destroy();
    });
    await migrateUp(db, schema, [outboxMigration('20261130050000_event_outbox')]);
    const outbox = new Outbox(schema);
    const bus = await openBus();
    cleanups.push(async () => {
      if (bus instanceof NatsEventBus) await bus.deleteStream();
      await bus.close();
    });

    const committed: HubEvent[] = [];
    for (let t = 0; t < 4; t++) {
      const events = Array.from({ length: 75 }, (_, i) => levelChange(t * 100 + i));
      await db.transaction((trx) => outbox.add(trx, ...events));
      committed.push(...events);
    }
    // A change rolled back takes its events with it.
    const rolledBack = levelChange(9_999);
    await db
      .transaction(async (trx) => {
        await outbox.add(trx, rolledBack);
        throw new Error('the change failed');
      })
      .catch(() => {});
    const mine = new Set(committed.map((event) => event.id));

    // The idempotent consumer: applies an event the first time its id is seen.
    const applied = new Map<string, number>();
    let deliveries = 0;
    let batches = 0;
    const handler = (killAt: number | null) => async (events: HubEvent[]) => {
      const ours = events.filter((event) => mine.has(event.id) || event.id === rolledBack.id);
      if (ours.length === 0) return;
      batches++;
      for (const event of ours) {
        deliveries++;
        if (!applied.has(event.id)) applied.set(event.id, 1);
      }
      if (killAt !== null && batches === killAt) throw new Error('subscriber killed before ack');
    };
    const consumerName = `test-${schema}`;
    const first = await bus.consume(consumerName, handler(2), { batchSize: 40 });
    const crashing = crashingOnce(bus);
    const relay = startOutboxRelay({
      db,
      databaseUrl,
      schema,
      bus: crashing,
      logger,
      pollMs: 200,
      batchSize: 50,
    });
    await until(() => batches >= 2);
    await first.stop();
    const second = await bus.consume(consumerName, handler(null), { batchSize: 40 });
    // Everything arrives, and what the killed subscriber had in hand comes again.
    await until(() => applied.size >= committed.length && deliveries > committed.length);
    await relay.stop();
    await second.stop();

    expect(crashing.crashes).toBe(1);
    expect(applied.size).toBe(committed.length);
    expect(applied.has(rolledBack.id)).toBe(false);
    // Redelivered after the kill, applied once.
    expect(deliveries).toBeGreaterThan(committed.length);
    const unpublished = await db('event_outbox').whereNull('published_at').count({ n: '*' });
    expect(Number(unpublished[0]!.n)).toBe(0);
  });
});

describe('an event found twice', () => {
  it('has one id derived from its key, and the outbox keeps it once', async () => {
    const id = eventIdFor('sites.report_missing', 'S1|2026-11-30');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventIdFor('sites.report_missing', 'S1|2026-11-30')).toBe(id);
    expect(eventIdFor('sites.report_missing', 'S1|2026-12-01')).not.toBe(id);
    expect(eventIdFor('transport.peak_above_staffing', 'S1|2026-11-30')).not.toBe(id);

    const schema = `outbox_${randomBytes(4).toString('hex')}`;
    const db = createDatabase({ url: databaseUrl, schema, poolMax: 2 });
    cleanups.push(async () => {
      await db.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.destroy();
    });
    await migrateUp(db, schema, [outboxMigration('20261130050000_event_outbox')]);
    const outbox = new Outbox(schema);
    const found = () =>
      hubEvent(
        'sites.report_missing',
        { streetCode: '310104003' },
        { siteId: 'S1', date: '2026-11-30' },
        new Date(),
        'S1|2026-11-30',
      );
    await db.transaction((trx) => outbox.add(trx, found()));
    await db.transaction((trx) => outbox.add(trx, found(), levelChange(1)));
    const rows = await db('event_outbox').orderBy('seq').select('id', 'type');
    expect(rows.map((row) => row.type)).toEqual(['sites.report_missing', 'risk.level_changed']);
    expect(rows[0]!.id).toBe(id);
  });
});
