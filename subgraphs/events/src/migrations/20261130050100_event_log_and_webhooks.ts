import { eventColumns } from '@cityhub/kit';
import type { Knex } from 'knex';

export const name = '20261130050100_event_log_and_webhooks';

/**
 * The events department's own record: every event received from the bus (once, by id: the
 * consumer's idempotency), the webhook subscriptions and one delivery row per event and
 * subscription (unique, so a redelivered event never queues a second webhook).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('event_log', (t) => {
    eventColumns(t);
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['occurred_at']);
  });
  await db.schema.createTable('webhook_subscriptions', (t) => {
    t.uuid('id').primary();
    t.string('owner_kind', 12).notNullable();
    t.text('owner_id').notNullable();
    t.text('department');
    // The owner's rights when subscribing: deliveries never exceed what the owner may query.
    t.specificType('owner_scopes', 'text[]').notNullable();
    t.specificType('owner_streets', 'text[]');
    // With pii:read, the purpose stated when subscribing: small counts are then delivered as they are.
    t.text('owner_purpose');
    t.text('url').notNullable();
    t.text('secret').notNullable();
    t.specificType('event_types', 'text[]').notNullable();
    t.text('street_code');
    t.text('community_code');
    t.string('credit_code', 18);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['owner_kind', 'owner_id']);
  });
  await db.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.uuid('subscription_id').notNullable().references('webhook_subscriptions.id');
    t.uuid('event_id').notNullable();
    t.bigInteger('event_seq').notNullable();
    t.text('event_type').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.string('status', 10).notNullable().defaultTo('PENDING');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.integer('last_status_code');
    t.text('last_error');
    t.timestamp('delivered_at', { useTz: true });
    t.unique(['subscription_id', 'event_id']);
    t.index(['subscription_id', 'id']);
    t.index(['subscription_id', 'occurred_at']);
  });
  await db.raw(
    `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('webhook_deliveries');
  await db.schema.dropTable('webhook_subscriptions');
  await db.schema.dropTable('event_log');
}
