import { randomBytes } from 'node:crypto';
import { FeedIntake, createLogger } from '@cityhub/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/database.js';
import { utilityReadingFeed } from '../src/feeds/utility-reading-feed.js';

const db = testDatabase('risk');
const intake = new FeedIntake(
  db,
  utilityReadingFeed,
  createLogger('utility-reading-feed-test', 'silent'),
);
let dwelling: { id: number; community_code: string; address: string };
beforeAll(async () => {
  dwelling = await db('dwellings').orderBy('id').first('id', 'community_code', 'address');
});
afterAll(() => db.destroy());

// A month long before the seed's, which no run or board reads.
const MONTH = '2020-01';
const reading = (sourceId: string, hour: number, water: number, extra = {}) => ({
  sourceId,
  communityCode: dwelling.community_code,
  address: dwelling.address,
  month: MONTH,
  readAt: `2020-01-31T${String(hour).padStart(2, '0')}:00:00+08:00`,
  waterM3: water,
  electricityKwh: 310.5,
  gasM3: 12,
  deliveries: 9,
  ...extra,
});
const figure = () =>
  db('dwelling_readings').where({ dwelling_id: dwelling.id, month: MONTH }).first();

describe('utility readings on the feed machinery', () => {
  it('refuses bad readings one by one with field and reason, records the rest once', async () => {
    const p = `ur-${randomBytes(3).toString('hex')}`;
    const origin = { channel: 'API' as const, recordedBy: 'user:utilities' };
    const receipt = await intake.record(
      [
        reading(`${p}-1`, 1, 4.5),
        reading(`${p}-2`, 2, -1),
        reading(`${p}-3`, 2, 1, { address: '没有这个地址' }),
        reading(`${p}-4`, 2, 1, { month: '2999-01' }),
        reading(`${p}-5`, 2, 1, { deliveries: 2.5 }),
        reading(`${p}-6`, 2, 1, { readAt: '2020-01-31' }),
        reading(`${p}-7`, 2, 1, { communityCode: 'x' }),
        reading(`${p}-1`, 1, 4.5),
      ],
      origin,
    );
    expect(receipt).toMatchObject({ applied: 1, duplicates: 1, rejected: 6 });
    expect(receipt.rejections.map((r) => [r.index, r.field, r.reason])).toEqual([
      [1, 'waterM3', 'must be a number from 0 to 9,999,999'],
      [2, 'address', 'is not a dwelling of the housing register in this community'],
      [3, 'month', 'is after this month'],
      [4, 'deliveries', 'must be a whole number from 0 to 100,000'],
      [5, 'readAt', 'must be an ISO 8601 instant with an offset'],
      [6, 'communityCode', 'must be a 13-digit community code'],
    ]);
    expect(await intake.record([reading(`${p}-1`, 1, 4.5)], origin)).toMatchObject({
      applied: 0,
      duplicates: 1,
    });
    const history = await db('utility_reading_feed').where('source_id', 'like', `${p}-%`);
    expect(history.map((h) => [h.source_id, h.dwelling_id, h.feed, h.recorded_by])).toEqual([
      [`${p}-1`, dwelling.id, 'API', 'user:utilities'],
    ]);
    const refused = await db('utility_reading_feed_rejections')
      .where('source_id', 'like', `${p}-%`)
      .count({ total: '*' });
    expect(Number(refused[0]?.total)).toBe(6);
  });

  it("per dwelling and month the meter's latest reading is the figure, whatever the order of arrival", async () => {
    const p = `uo-${randomBytes(3).toString('hex')}`;
    const mqtt = { channel: 'MQTT' as const, recordedBy: 'mqtt:meter-7' };
    // The latest reading arrives first; earlier ones after it are history only.
    expect(await intake.record([reading(`${p}-c`, 20, 30.5)], mqtt)).toMatchObject({
      applied: 1,
    });
    const late = await intake.record([reading(`${p}-a`, 10, 10), reading(`${p}-b`, 15, 20)], mqtt);
    expect(late).toMatchObject({ applied: 0, superseded: 2 });
    expect(Number((await figure()).water_m3)).toBe(30.5);
    // Within one batch, the later of two readings wins.
    const batch = await intake.record([reading(`${p}-e`, 23, 50), reading(`${p}-d`, 22, 40)], mqtt);
    expect(batch).toMatchObject({ applied: 1, superseded: 1 });
    const latest = await figure();
    expect(Number(latest.water_m3)).toBe(50);
    expect(latest.read_at.toISOString()).toBe('2020-01-31T15:00:00.000Z');
    const kept = await db('utility_reading_feed')
      .where('source_id', 'like', `${p}-%`)
      .orderBy('read_at')
      .pluck('source_id');
    expect(kept).toEqual([`${p}-a`, `${p}-b`, `${p}-c`, `${p}-d`, `${p}-e`]);
  });
});
