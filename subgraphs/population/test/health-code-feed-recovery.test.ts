import { randomBytes } from 'node:crypto';
import { consumeFeedFromNats, createLogger, feedSubject, type RunningFeed } from '@cityhub/kit';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { machineServicePlan } from '../../../test/support/machine-services.js';
import { HEALTH_CODE_FEED, healthCodeIntake } from '../src/managers/health-code-feed.js';
import {
  boardAndTruth,
  healthCodeFixture,
  recordedWithPrefix,
} from './support/health-code-fixture.js';

const logger = createLogger('feed-recovery-test', 'silent');
const nats = await machineServicePlan('nats');
let fixture: Awaited<ReturnType<typeof healthCodeFixture>>;

beforeAll(async () => {
  fixture = await healthCodeFixture(300);
});
afterAll(() => fixture?.drop());

const COLORS = ['GREEN', 'YELLOW', 'RED'];

describe.skipIf(!nats.run)(
  'health-code feed from NATS when the consumer is dropped or dies',
  () => {
    it('loses nothing and keeps each resident at their latest change through a forced reconnect and a crash', async () => {
      const prefix = `r${randomBytes(4).toString('hex')}`;
      const intake = healthCodeIntake(fixture.db, TEST_PERSON_ID_KEY, logger);
      // A short ack wait: what the crashed consumer fetched and never acknowledged comes back soon.
      const start = () =>
        consumeFeedFromNats(intake, {
          url: 'nats://127.0.0.1:4222',
          prefix,
          logger,
          batchSize: 250,
          ackWaitMs: 2_000,
        });
      let consumer: RunningFeed = await start();
      const connection = await connect({ servers: 'nats://127.0.0.1:4222' });
      const { stream, subject } = feedSubject(HEALTH_CODE_FEED, prefix);
      const { idNumbers, at } = fixture;
      const total = 6_000;
      const chunk = 500;
      const changeAt = (i: number) => ({
        sourceId: `${prefix}-${i}`,
        idNumber: idNumbers[i % idNumbers.length],
        color: COLORS[(i * 7) % 3],
        changedAt: at(i),
      });
      try {
        const js = connection.jetstream();
        for (let first = 0; first < total; first += chunk) {
          // Each chunk goes out newest first, so older changes of a resident arrive after newer ones.
          const publishes = [];
          for (let i = first + chunk - 1; i >= first; i--)
            publishes.push(
              js.publish(subject, JSON.stringify(changeAt(i)), { msgID: `${prefix}-${i}` }),
            );
          await Promise.all(publishes);
          if (first === 1_500) await consumer.reconnect(); // as the server drops a slow consumer
          if (first === 3_000) {
            await consumer.abandon(); // a crash: fetched, maybe recorded, never acknowledged
            consumer = await start();
          }
        }
        expect(await recordedWithPrefix(fixture.db, prefix, total, 120_000)).toBe(total);
        const latest = new Map<string, string>();
        for (let i = total - idNumbers.length; i < total; i++)
          latest.set(changeAt(i).idNumber!, changeAt(i).color!);
        const residents = await fixture.db('residents').select('id_number', 'health_code');
        expect(residents.filter((r) => latest.get(r.id_number) !== r.health_code)).toEqual([]);
        // The history holds every change once, however often it was delivered.
        const history = await fixture
          .db('health_code_changes')
          .where('source_id', 'like', `${prefix}-%`)
          .select(
            fixture.db.raw('count(DISTINCT source_id)::int AS distinct'),
            fixture.db.raw('count(*)::int AS total'),
          );
        expect(history).toEqual([{ distinct: total, total }]);
        const { board, truth } = await boardAndTruth(fixture.db);
        expect(board).toEqual(truth);
      } finally {
        await consumer.stop();
        await connection.jetstreamManager().then((jsm) => jsm.streams.delete(stream));
        await connection.close();
      }
    });
  },
);
