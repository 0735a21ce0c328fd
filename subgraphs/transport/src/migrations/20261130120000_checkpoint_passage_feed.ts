import { createFeedRejectionsTable } from '@cityhub/kit';
import type { Knex } from 'knex';

export const name = '20261130120000_checkpoint_passage_feed';

/**
 * Passages from the checkpoints' own systems (the passage feed): each keeps the source's id (a
 * second delivery is recognised and ignored), through which channel it came, who sent it and
 * when. Passages from before the feed (the seed) have none of these, so the columns allow null.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('checkpoint_passages', (t) => {
    t.text('source_id').unique();
    t.string('feed', 10).checkIn(['API', 'NATS', 'MQTT']);
    t.text('recorded_by');
    t.timestamp('recorded_at', { useTz: true });
  });
  await createFeedRejectionsTable(db, 'checkpoint_passage_feed_rejections');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('checkpoint_passage_feed_rejections');
  await db.schema.alterTable('checkpoint_passages', (t) => {
    t.dropColumns('source_id', 'feed', 'recorded_by', 'recorded_at');
  });
}
