import { createDatabase, createLogger, migrateDownAll, migrateUp } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { freshDatabase } from '../../../test/support/database.js';
import { testCity } from '../../../test/support/hub.js';
import { seed, subgraph } from '../src/index.js';

describe('dispatch migrations and seed on a fresh PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database.drop());

  it('go up, down to nothing and up again; the seed fills each street once', async () => {
    const db = createDatabase({ url: database.url, schema: 'dispatch' });
    const tables = async () =>
      (
        await db('pg_tables')
          .withSchema('pg_catalog')
          .where({ schemaname: 'dispatch' })
          .pluck('tablename')
      )
        .filter((name: string) => !name.startsWith('knex_'))
        .sort();
    try {
      await migrateUp(db, 'dispatch', subgraph.migrations);
      expect(await tables()).toEqual([
        'event_outbox',
        'import_jobs',
        'import_rejections',
        'import_stage_hotline_calls',
        'routing_rule_sets',
        'work_order_attachments',
        'work_order_steps',
        'work_orders',
      ]);
      await migrateDownAll(db, 'dispatch', subgraph.migrations);
      expect(await tables()).toEqual([]);
      await migrateUp(db, 'dispatch', subgraph.migrations);
      const options = {
        db,
        city: testCity(),
        personIdKey: TEST_PERSON_ID_KEY,
        logger: createLogger('dispatch-seed-test', 'silent'),
      };
      expect(await seed(options)).toBe('seeded');
      expect(await seed(options)).toBe('already-seeded');
      const streets = testCity().geography.streets.length;
      const byStatus: Array<{ status: string; n: number }> = await db('work_orders')
        .groupBy('status')
        .select('status')
        .count({ n: '*' });
      expect(Object.fromEntries(byStatus.map((row) => [row.status, Number(row.n)]))).toEqual({
        RESOLVED: streets * 6,
        OPEN: streets * 2,
      });
      // Every resolved order's history says who accepted and resolved it.
      const [unexplained] = await db('work_orders as o')
        .where('o.status', 'RESOLVED')
        .whereNotExists((q) =>
          q
            .select(db.raw('1'))
            .from('work_order_steps as s')
            .whereRaw('s.order_id = o.id')
            .where('s.action', 'RESOLVED'),
        )
        .count({ n: '*' });
      expect(Number(unexplained?.n)).toBe(0);
      // The attachment limit holds in the table whatever the service is told.
      const [order] = await db('work_orders').limit(1).pluck('id');
      await expect(
        db('work_order_attachments').insert({
          order_id: order,
          file_name: 'huge',
          content_type: 'application/octet-stream',
          content: Buffer.alloc(10_485_761),
          added_by: 'test',
          added_at: new Date(),
        }),
      ).rejects.toThrow(/attachment_size/);
    } finally {
      await db.destroy();
    }
  });
});
