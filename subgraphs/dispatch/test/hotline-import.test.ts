import { describe, expect, it } from 'vitest';
import {
  expectNothingChangedTheSecondTime,
  importTarget,
  importThreeTimes,
} from '../../../test/support/file-import.js';
import { importMappings } from '../src/importers/index.js';

const [mapping] = importMappings();

const department = importTarget('dispatch');

const call = (fields: Record<string, string>) => JSON.stringify(fields);
const GARBAGE = {
  call_id: '12345-20261130-0001',
  category: 'ENVIRONMENT',
  text: '小区垃圾两天未清运',
  street_code: '310104003',
  community_code: '3101040030001',
  location: '宜山路 100 弄',
  caller_phone: '13900000001',
  caller_name: '王先生',
};

describe('importing hotline records', () => {
  it("opens one work order per call through the department's intake, refuses bad calls, and opens none the second time", async () => {
    const runs = await importThreeTimes(
      department.db,
      mapping!,
      department.file('hotline.jsonl'),
      [
        call(GARBAGE),
        call({
          call_id: '12345-20261130-0002',
          category: 'public_safety',
          priority: 'urgent',
          text: '路口井盖缺失',
          street_code: '310104003',
          location: '漕溪路口',
          caller_phone: '02164000000',
        }),
        call({
          call_id: 'bad id!',
          category: 'NOISE',
          priority: 'LOW',
          text: ' ',
          street_code: '31010400',
          location: '',
          caller_phone: '12',
        }),
        call({ ...GARBAGE, call_id: '12345-20261130-0003', community_code: '3101040120001' }),
        call({ ...GARBAGE, text: '再次来电' }),
        'not json',
      ].join('\n'),
      'work_orders',
    );
    expect(runs.first).toMatchObject({
      rows_read: 6,
      rows_rejected: 4,
      rows_inserted: 2,
      rows_updated: 0,
    });
    expect(runs.rejections).toEqual([
      '3 call_id: 1 to 64 letters, digits, dots, colons, dashes or underscores',
      '3 caller_phone: must be 5 to 20 digits',
      '3 category: must be one of RED_COMMUNITY, SCREENING_CASE, ENTERPRISE_WARNING, GROUP_RENTAL, SITE_REPORT_MISSING, EPIDEMIC_PREVENTION, ENVIRONMENT, HOUSING, MARKET_ORDER, PUBLIC_SAFETY, OTHER',
      '3 location: must not be empty',
      '3 priority: must be one of URGENT, HIGH, NORMAL',
      '3 street_code: must be 9 digits',
      '3 text: must not be empty',
      '4 community_code: must be 13 digits within the street',
      '5 call_id: repeats the call_id of line 1',
      '6 record: is not valid JSON',
    ]);
    const orders = await department.db('work_orders').orderBy('id');
    expect(orders).toEqual([
      expect.objectContaining({
        source: 'HOTLINE',
        source_id: 'hotline:12345-20261130-0001',
        category: 'ENVIRONMENT',
        priority: 'NORMAL',
        level: 'GRID',
        assigned_unit: '3101040030001',
        title: '12345 小区垃圾两天未清运',
        caller_name: '王先生',
      }),
      expect.objectContaining({
        source_id: 'hotline:12345-20261130-0002',
        category: 'PUBLIC_SAFETY',
        priority: 'URGENT',
        level: 'STREET',
        assigned_unit: '310104003',
        deadline_minutes: 60,
      }),
    ]);
    const steps = await department.db('work_order_steps').orderBy('id');
    expect(steps.map((step) => [step.order_id, step.action, step.actor])).toEqual([
      [orders[0].id, 'OPENED', `import:${runs.first.id}`],
      [orders[1].id, 'OPENED', `import:${runs.first.id}`],
    ]);
    expect(await department.db('event_outbox').count({ n: '*' }).first()).toEqual({ n: 2 });
    expectNothingChangedTheSecondTime(runs, 2);
    expect(await department.db('work_order_steps').count({ n: '*' }).first()).toEqual({ n: 2 });
  });
});
