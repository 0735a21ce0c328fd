import { randomBytes } from 'node:crypto';
import {
  consumeFeedFromMqtt,
  consumeFeedFromNats,
  createLogger,
  feedSubject,
  feedTopic,
} from '@cityhub/kit';
import mqtt from 'mqtt';
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

const logger = createLogger('feed-test', 'silent');
let fixture: Awaited<ReturnType<typeof healthCodeFixture>>;
let idNumbers: string[];
let feed: ReturnType<typeof healthCodeIntake>;
let at: (step: number) => string;
const api = { channel: 'API' as const, recordedBy: 'user:test' };

beforeAll(async () => {
  fixture = await healthCodeFixture(2_000);
  ({ idNumbers, at } = fixture);
  feed = healthCodeIntake(fixture.db, TEST_PERSON_ID_KEY, logger);
});
afterAll(() => fixture?.drop());

describe('health-code feed', () => {
  it('refuses bad records one by one, ignores a source id seen before and keeps the newest colour per resident', async () => {
    const [a, b] = idNumbers;
    const receipt = await feed.record(
      [
        { sourceId: 'hc-1', idNumber: a, color: 'RED', changedAt: at(10) },
        { sourceId: 'hc-2', idNumber: a, color: 'YELLOW', changedAt: at(5) }, // older: history only
        { sourceId: 'hc-1', idNumber: a, color: 'RED', changedAt: at(10) }, // twice in the batch
        { sourceId: 'hc-3', idNumber: '110105194912310021', color: 'RED', changedAt: at(1) },
        { sourceId: 'hc-4', idNumber: b, color: 'BLUE', changedAt: at(1) },
        { sourceId: 'hc-5', idNumber: b, color: 'RED', changedAt: 'yesterday' },
        { idNumber: b, color: 'RED', changedAt: at(1) },
        { sourceId: 'hc-6', idNumber: '110105194912310038', color: 'RED', changedAt: at(1) },
      ],
      api,
    );
    expect(receipt).toMatchObject({ applied: 1, superseded: 1, duplicates: 1, rejected: 5 });
    expect(receipt.rejections.map((r) => [r.index, r.field])).toEqual([
      [3, 'idNumber'],
      [4, 'color'],
      [5, 'changedAt'],
      [6, 'sourceId'],
      [7, 'idNumber'],
    ]);
    expect(receipt.rejections[4]!.reason).toBe('no resident has this ID number');
    const again = await feed.record(
      [{ sourceId: 'hc-1', idNumber: a, color: 'GREEN', changedAt: at(20) }],
      api,
    );
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    const resident = await fixture.db('residents').where({ id_number: a }).first();
    expect(resident).toMatchObject({ health_code: 'RED' });
    expect(resident.health_code_changed_at.toISOString()).toBe(at(10));
    const history = await fixture.db('health_code_changes').where('source_id', 'like', 'hc-%');
    expect(history.map((h) => [h.source_id, h.applied, h.feed, h.recorded_by]).sort()).toEqual([
      ['hc-1', true, 'API', 'user:test'],
      ['hc-2', false, 'API', 'user:test'],
    ]);
    const [refused] = await fixture.db('health_code_feed_rejections').count({ total: '*' });
    expect(Number(refused?.total)).toBe(5);
    const { board, truth } = await boardAndTruth(fixture.db);
    expect(board).toEqual(truth);
  });
});

const nats = await machineServicePlan('nats');
const mqttPlan = await machineServicePlan('mqtt');

describe.skipIf(!nats.run)('health-code feed from NATS JetStream', () => {
  it('absorbs a burst of 20,000 single-change messages without losing one, and the board follows', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const consumer = await consumeFeedFromNats(feed, {
      url: 'nats://127.0.0.1:4222',
      prefix,
      logger,
    });
    const connection = await connect({ servers: 'nats://127.0.0.1:4222' });
    const { stream, subject } = feedSubject(HEALTH_CODE_FEED, prefix);
    try {
      const js = connection.jetstream();
      const total = 20_000;
      const colors = ['GREEN', 'YELLOW', 'RED'];
      for (let start = 0; start < total; start += 1_000) {
        await Promise.all(
          Array.from({ length: 1_000 }, (_, k) => {
            const i = start + k;
            const change = {
              sourceId: `${prefix}-${i}`,
              idNumber: idNumbers[i % idNumbers.length],
              color: colors[(i * 7) % 3],
              changedAt: at(60 + Math.floor(i / idNumbers.length)),
            };
            return js.publish(subject, JSON.stringify(change));
          }),
        );
      }
      expect(await recordedWithPrefix(fixture.db, prefix, total)).toBe(total);
      // Each resident ends with the colour of its last change (the latest time wins).
      const last = idNumbers.map((_, r) => {
        const i = Math.floor((total - 1 - r) / idNumbers.length) * idNumbers.length + r;
        return colors[(i * 7) % 3];
      });
      const colours = await fixture.db('residents').orderBy('id_number').pluck('health_code');
      expect(colours).toEqual(last);
      const { board, truth } = await boardAndTruth(fixture.db);
      expect(board).toEqual(truth);
    } finally {
      await consumer.stop();
      await connection.jetstreamManager().then((jsm) => jsm.streams.delete(stream));
      await connection.close();
    }
  });
});

describe.skipIf(!mqttPlan.run)('health-code feed from MQTT devices', () => {
  it('records batches from two devices, each change once, even when a device sends a message again', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}/`;
    const consumer = await consumeFeedFromMqtt(feed, {
      url: 'mqtt://127.0.0.1:1883',
      prefix,
      logger,
    });
    const device = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
    try {
      const batches = Array.from({ length: 40 }, (_, b) =>
        Array.from({ length: 50 }, (_, k) => ({
          sourceId: `${prefix}${b * 50 + k}`,
          idNumber: idNumbers[(b * 50 + k) % idNumbers.length],
          color: 'YELLOW',
          changedAt: at(24 * 60 + b),
        })),
      );
      for (const [b, batch] of batches.entries())
        await device.publishAsync(
          `${feedTopic(HEALTH_CODE_FEED, prefix)}/device-${b % 2}`,
          JSON.stringify(batch),
          { qos: 1 },
        );
      await device.publishAsync(
        `${feedTopic(HEALTH_CODE_FEED, prefix)}/device-0`,
        JSON.stringify(batches[0]),
        {
          qos: 1,
        },
      );
      await device.publishAsync(`${feedTopic(HEALTH_CODE_FEED, prefix)}/device-1`, 'not json', {
        qos: 1,
      });
      expect(await recordedWithPrefix(fixture.db, prefix, 2_000)).toBe(2_000);
      const senders = await fixture
        .db('health_code_changes')
        .where('source_id', 'like', `${prefix}%`)
        .distinct('recorded_by', 'feed')
        .orderBy('recorded_by');
      expect(senders).toEqual([
        { recorded_by: 'mqtt:device-0', feed: 'MQTT' },
        { recorded_by: 'mqtt:device-1', feed: 'MQTT' },
      ]);
      const deadline = Date.now() + 10_000;
      let unreadable = 0;
      while (unreadable === 0 && Date.now() < deadline) {
        unreadable = Number(
          (
            await fixture
              .db('health_code_feed_rejections')
              .where({ feed: 'MQTT', field: 'message' })
              .count({ total: '*' })
          )[0]?.total,
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(unreadable).toBe(1);
      const { board, truth } = await boardAndTruth(fixture.db);
      expect(board).toEqual(truth);
    } finally {
      await device.endAsync();
      await consumer.stop();
    }
  });
});
