import type { Knex } from 'knex';
import { CATEGORIES, INITIAL_RULES, LEVELS, PRIORITIES } from '../routing.js';

export const name = '20261130080100_work_orders';

const STATUSES = ['OPEN', 'ACCEPTED', 'RESOLVED', 'MERGED', 'SPLIT'];
const ACTIONS = [
  'OPENED',
  'ACCEPTED',
  'NOTE',
  'ATTACHMENT',
  'HELP_REQUESTED',
  'ESCALATED',
  'REASSIGNED',
  'MERGED',
  'SPLIT',
  'RESOLVED',
  'REOPENED',
];

/** Work orders, their history and attachments, and the versions of the routing rules. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('routing_rule_sets', (t) => {
    t.integer('version').primary();
    t.text('note').notNullable();
    t.integer('merge_window_minutes').notNullable();
    t.jsonb('rules').notNullable();
    t.text('published_by').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db('routing_rule_sets').insert({
    version: 1,
    note: INITIAL_RULES.note,
    merge_window_minutes: INITIAL_RULES.mergeWindowMinutes,
    rules: JSON.stringify(INITIAL_RULES.rules),
    published_by: 'hub',
  });
  await db.schema.createTable('work_orders', (t) => {
    t.bigIncrements('id');
    t.string('source', 10).notNullable().checkIn(['EVENT', 'HOTLINE', 'MANUAL', 'SPLIT']);
    // The event id or the hotline's call id: one order per source, however often it arrives.
    t.text('source_id').unique();
    t.string('category', 24)
      .notNullable()
      .checkIn([...CATEGORIES]);
    t.string('priority', 8)
      .notNullable()
      .checkIn([...PRIORITIES]);
    t.string('status', 10).notNullable().defaultTo('OPEN').checkIn(STATUSES);
    t.string('level', 10)
      .notNullable()
      .checkIn([...LEVELS]);
    t.string('assigned_unit', 13).notNullable();
    t.text('title').notNullable();
    t.text('description').notNullable();
    t.string('street_code', 9).notNullable();
    t.string('community_code', 13);
    t.string('credit_code', 18);
    t.string('site_id', 16);
    t.text('location');
    t.string('reporter_person_id', 22);
    t.text('caller_phone');
    t.text('caller_name');
    t.text('handler_id');
    t.string('handler_person_id', 22);
    t.integer('rules_version').notNullable().references('version').inTable('routing_rule_sets');
    t.integer('deadline_minutes').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('resolved_at', { useTz: true });
    t.text('resolution');
    t.boolean('help_requested').notNullable().defaultTo(false);
    t.bigInteger('merged_into').references('id').inTable('work_orders');
    t.bigInteger('split_from').references('id').inTable('work_orders');
  });
  // The queue (street, status, deadline), the escalation check (open orders by deadline) and the
  // entity lists.
  await db.raw('CREATE INDEX work_orders_street_queue ON work_orders (street_code, due_at, id)');
  await db.raw(
    "CREATE INDEX work_orders_open_due ON work_orders (due_at) WHERE status IN ('OPEN', 'ACCEPTED')",
  );
  await db.raw('CREATE INDEX work_orders_community ON work_orders (community_code, due_at, id)');
  await db.raw(
    'CREATE INDEX work_orders_enterprise ON work_orders (credit_code) WHERE credit_code IS NOT NULL',
  );
  await db.raw('CREATE INDEX work_orders_site ON work_orders (site_id) WHERE site_id IS NOT NULL');
  await db.raw(
    'CREATE INDEX work_orders_handler ON work_orders (handler_id) WHERE handler_id IS NOT NULL',
  );
  await db.raw(
    'CREATE INDEX work_orders_reporter ON work_orders (reporter_person_id) WHERE reporter_person_id IS NOT NULL',
  );
  await db.schema.createTable('work_order_steps', (t) => {
    t.bigIncrements('id');
    t.bigInteger('order_id').notNullable().references('id').inTable('work_orders');
    t.string('action', 16).notNullable().checkIn(ACTIONS);
    t.text('actor').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('note');
    t.string('from_level', 10);
    t.string('to_level', 10);
    t.string('unit', 13);
    t.bigInteger('related_order_id');
    t.index(['order_id', 'id']);
  });
  await db.schema.createTable('work_order_attachments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('order_id').notNullable().references('id').inTable('work_orders');
    t.text('file_name').notNullable();
    t.text('content_type').notNullable();
    t.binary('content').notNullable();
    t.text('added_by').notNullable();
    t.timestamp('added_at', { useTz: true }).notNullable();
    t.index(['order_id', 'id']);
  });
  // However the service is configured, no attachment above 10 MB reaches the table.
  await db.raw(
    'ALTER TABLE work_order_attachments ADD CONSTRAINT attachment_size CHECK (octet_length(content) <= 10485760)',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('work_order_attachments');
  await db.schema.dropTable('work_order_steps');
  await db.schema.dropTable('work_orders');
  await db.schema.dropTable('routing_rule_sets');
}
