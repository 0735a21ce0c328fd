import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cityhub/kit';
import { runImport } from '@cityhub/importer';
import mqtt from 'mqtt';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from '../../../test/support/constants.js';
import { testDatabase } from '../../../test/support/database.js';
import { freshPopulation } from '../../../test/support/fresh-population.js';
import { machineServicePlan } from '../../../test/support/machine-services.js';
import { writeResidentFile } from '../../../test/support/resident-file.js';
import { consumeHealthCodesFromMqtt, healthCodeTopic } from '../src/feeds/health-code-mqtt.js';
import { consumeHealthCodesFromNats, healthCodeSubject } from '../src/feeds/health-code-nats.js';
import { residentImport } from '../src/importers/resident-import.js';
import { HealthCodeFeed } from '../src/managers/health-code-feed.js';

const seeded = testDatabase('population');
const dir = mkdtempSync(join(tmpdir(), 'cityhub-feed-'));
const logger = createLogger('feed-test', 'silent');
let target: Awaited<ReturnType<typeof freshPopulation>>;
let idNumbers: string[];
let feed: HealthCodeFeed;

beforeAll(async () => {
  target = await freshPopulation(seeded);
  const file = join(dir, 'residents.csv');
  await writeResidentFile(file, { count: 2_000, communities: target.communities.slice(0, 20) });
  await runImport({
    db: target.db,
    mapping: residentImport(TEST_PERSON_ID_KEY),
    file,
    startedBy: 'test',
  });
  idNumbers = (await target.db('residents').orderBy('id_number').pluck('id_number')) as string[];
  feed = new HealthCodeFeed(target.db, TEST_PERSON_ID_KEY, logger);
  base = Date.now() + 1_000;
});
afterAll(async () => {
  await target?.drop();
  await seeded.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Community counts as the board reads them, and as a full count of residents gives them. */
async function boardAndTruth() {
  const board = await target
    .db('community_counts')
    .where('residents', '>', 0)
    .orderBy('community_code')
    .select('community_code', 'green', 'yellow', 'red');
  const truth = await target
    .db('residents')
    .whereNotNull('community_code')
    .groupBy('community_code')
    .orderBy('community_code')
    .select(
      'community_code',
      target.db.raw(`count(*) FILTER (WHERE health_code = 'GREEN')::int AS green`),
      target.db.raw(`count(*) FILTER (WHERE health_code = 'YELLOW')::int AS yellow`),
      target.db.raw(`count(*) FILTER (WHERE health_code = 'RED')::int AS red`),
    );
  return { board, truth };
}

// Change times count in milliseconds from just after the residents were loaded (an older change
// than the loaded colour would only be history).
let base = 0;
const at = (step: number) => new Date(base + step).toISOString();

/** Waits until every source id with this prefix is recorded (or the time is up). */
async function recordedWithPrefix(prefix: string, expected: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await target
      .db('health_code_changes')
      .where('source_id', 'like', `${prefix}%`)
      .count({ total: '*' });
    const total = Number(row?.total ?? 0);
    if (total >= expected || Date.now() > deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

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
      'API',
      'user:test',
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
      'API',
      'user:test',
    );
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    const resident = await target.db('residents').where({ id_number: a }).first();
    expect(resident).toMatchObject({ health_code: 'RED' });
    expect(resident.health_code_changed_at.toISOString()).toBe(at(10));
    const history = await target.db('health_code_changes').where('source_id', 'like', 'hc-%');
    expect(history.map((h) => [h.source_id, h.applied, h.feed, h.recorded_by]).sort()).toEqual([
      ['hc-1', true, 'API', 'user:test'],
      ['hc-2', false, 'API', 'user:test'],
    ]);
    const [refused] = await target.db('health_code_feed_rejections').count({ total: '*' });
    expect(Number(refused?.total)).toBe(5);
    const { board, truth } = await boardAndTruth();
    expect(board).toEqual(truth);
  });
});

const nats = await machineServicePlan('nats');
const mqttPlan = await machineServicePlan('mqtt');

describe.skipIf(!nats.run)('health-code feed from NATS JetStream', () => {
  it('absorbs a burst of 20,000 single-change messages without losing one, and the board follows', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const consumer = await consumeHealthCodesFromNats({
      url: 'nats://127.0.0.1:4222',
      prefix,
      feed,
      logger,
    });
    const connection = await connect({ servers: 'nats://127.0.0.1:4222' });
    const { stream, subject } = healthCodeSubject(prefix);
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
      expect(await recordedWithPrefix(prefix, total)).toBe(total);
      // Each resident ends with the colour of its last change (the latest time wins).
      const last = idNumbers.map((_, r) => {
        const i = Math.floor((total - 1 - r) / idNumbers.length) * idNumbers.length + r;
        return colors[(i * 7) % 3];
      });
      const colours = await target.db('residents').orderBy('id_number').pluck('health_code');
      expect(colours).toEqual(last);
      const { board, truth } = await boardAndTruth();
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
    const consumer = await consumeHealthCodesFromMqtt({
      url: 'mqtt://127.0.0.1:1883',
      prefix,
      feed,
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
          `${healthCodeTopic(prefix)}/device-${b % 2}`,
          JSON.stringify(batch),
          { qos: 1 },
        );
      await device.publishAsync(`${healthCodeTopic(prefix)}/device-0`, JSON.stringify(batches[0]), {
        qos: 1,
      });
      await device.publishAsync(`${healthCodeTopic(prefix)}/device-1`, 'not json', { qos: 1 });
      expect(await recordedWithPrefix(prefix, 2_000)).toBe(2_000);
      const senders = await target
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
            await target
              .db('health_code_feed_rejections')
              .where({ feed: 'MQTT', field: 'message' })
              .count({ total: '*' })
          )[0]?.total,
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(unreadable).toBe(1);
      const { board, truth } = await boardAndTruth();
      expect(board).toEqual(truth);
    } finally {
      await device.endAsync();
      await consumer.stop();
    }
  });
});
