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
import { testDatabase } from '../../../test/support/database.js';
import { machineServicePlan } from '../../../test/support/machine-services.js';
import { PASSAGE_FEED, passageIntake } from '../src/managers/passage-feed.js';

const db = testDatabase('transport');
const logger = createLogger('passage-feed-test', 'silent');
const intake = passageIntake(db, logger);
let checkpoint: string;
beforeAll(async () => {
  checkpoint = (await db('checkpoints').orderBy('code').first('code')).code;
});
afterAll(() => db.destroy());

const passage = (sourceId: string, minute: number) => ({
  sourceId,
  checkpointCode: checkpoint,
  passedAt: new Date(Date.UTC(2026, 10, 29, 8, minute)).toISOString(),
  direction: 'INBOUND',
  plate: '沪A12345',
  vehicleKind: 'CAR',
  originCode: '420106',
  occupants: 2,
});

/** Waits until every source id with this prefix is recorded (or the time is up). */
async function recorded(prefix: string, expected: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await db('checkpoint_passages')
      .where('source_id', 'like', `${prefix}%`)
      .select('source_id', 'feed', 'recorded_by');
    if (rows.length >= expected || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('checkpoint passage feed', () => {
  it('refuses bad passages one by one with field and reason, records the rest once with their history', async () => {
    const p = `cp-${randomBytes(3).toString('hex')}-`;
    const origin = { channel: 'API' as const, recordedBy: 'user:checkpoints' };
    const receipt = await intake.record(
      [
        passage(`${p}1`, 1),
        { ...passage(`${p}2`, 2), direction: 'SIDEWAYS' },
        { ...passage(`${p}3`, 3), occupants: 0 },
        { ...passage(`${p}4`, 4), checkpointCode: 'NO-SUCH' },
        { ...passage(`${p}5`, 5), passedAt: 'this morning' },
        { ...passage('', 6) },
        passage(`${p}1`, 1),
        passage(`${p}7`, 7),
      ],
      origin,
    );
    expect(receipt).toMatchObject({ applied: 2, duplicates: 1, rejected: 5 });
    expect(receipt.rejections.map((r) => [r.index, r.sourceId, r.field, r.reason])).toEqual([
      [1, `${p}2`, 'direction', 'must be INBOUND or OUTBOUND'],
      [2, `${p}3`, 'occupants', 'must be a whole number from 1 to 100'],
      [3, `${p}4`, 'checkpointCode', 'no checkpoint has this code'],
      [4, `${p}5`, 'passedAt', 'must be an ISO 8601 instant with an offset'],
      [5, null, 'sourceId', 'is required'],
    ]);
    const again = await intake.record([passage(`${p}1`, 1), passage(`${p}7`, 7)], origin);
    expect(again).toMatchObject({ applied: 0, duplicates: 2, rejected: 0 });
    const history = await db('checkpoint_passages')
      .where('source_id', 'like', `${p}%`)
      .orderBy('source_id')
      .select('source_id', 'feed', 'recorded_by', 'recorded_at');
    expect(history.map((h) => [h.source_id, h.feed, h.recorded_by])).toEqual([
      [`${p}1`, 'API', 'user:checkpoints'],
      [`${p}7`, 'API', 'user:checkpoints'],
    ]);
    expect(history.every((h) => h.recorded_at instanceof Date)).toBe(true);
    const refused = await db('checkpoint_passage_feed_rejections')
      .whereIn('source_id', [`${p}2`, `${p}3`, `${p}4`, `${p}5`])
      .count({ total: '*' });
    expect(Number(refused[0]?.total)).toBe(4);
  });
});

const nats = await machineServicePlan('nats');
const mqttPlan = await machineServicePlan('mqtt');

describe.skipIf(!nats.run)('checkpoint passage feed from NATS', () => {
  it('records each published passage once, a re-published one too', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const consumer = await consumeFeedFromNats(intake, {
      url: 'nats://127.0.0.1:4222',
      prefix,
      logger,
    });
    const connection = await connect({ servers: 'nats://127.0.0.1:4222' });
    const { stream, subject } = feedSubject(PASSAGE_FEED, prefix);
    try {
      const js = connection.jetstream();
      const batch = Array.from({ length: 300 }, (_, i) => passage(`${prefix}-${i}`, i % 60));
      await Promise.all(batch.map((p) => js.publish(subject, JSON.stringify(p))));
      await js.publish(subject, JSON.stringify(batch.slice(0, 50)));
      const rows = await recorded(prefix, 300);
      expect(rows).toHaveLength(300);
      expect(new Set(rows.map((r) => `${r.feed} ${r.recorded_by}`))).toEqual(
        new Set([`NATS nats:${subject}`]),
      );
    } finally {
      await consumer.stop();
      await connection.jetstreamManager().then((jsm) => jsm.streams.delete(stream));
      await connection.close();
    }
  });
});

describe.skipIf(!mqttPlan.run)('checkpoint passage feed from MQTT', () => {
  it('records batches from a checkpoint device once each, naming the device', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}/`;
    const consumer = await consumeFeedFromMqtt(intake, {
      url: 'mqtt://127.0.0.1:1883',
      prefix,
      logger,
    });
    const device = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
    try {
      const topic = `${feedTopic(PASSAGE_FEED, prefix)}/kk01`;
      for (let b = 0; b < 4; b++) {
        const batch = Array.from({ length: 25 }, (_, k) => passage(`${prefix}${b * 25 + k}`, k));
        await device.publishAsync(topic, JSON.stringify(batch), { qos: 1 });
      }
      await device.publishAsync(topic, JSON.stringify(passage(`${prefix}0`, 0)), { qos: 1 });
      const rows = await recorded(prefix, 100);
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r) => `${r.feed} ${r.recorded_by}`))).toEqual(
        new Set(['MQTT mqtt:kk01']),
      );
    } finally {
      await device.endAsync();
      await consumer.stop();
    }
  });
});
