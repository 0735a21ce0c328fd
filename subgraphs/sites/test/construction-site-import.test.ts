import { makeCreditCode } from '@cityhub/kit';
import { describe, expect, it } from 'vitest';
import {
  expectNothingChangedTheSecondTime,
  importTarget,
  importThreeTimes,
} from '../../../test/support/file-import.js';
import { importMappings } from '../src/importers/index.js';

const [mapping] = importMappings();
const CONTRACTOR = makeCreditCode('91310104MA1FL0009');

const department = importTarget('sites', async (db) => {
  await db('sites').insert({
    id: 'V0001',
    kind: 'MARKET',
    name: '漕宝路菜场',
    status: 'ACTIVE',
    address: '漕宝路 1 号',
    street_code: '310104012',
    latitude: 31.16,
    longitude: 121.43,
    capacity: 300,
  });
});

describe('importing construction sites', () => {
  it('loads the good sites, refuses the bad ones and a venue id, and changes nothing the second time', async () => {
    const runs = await importThreeTimes(
      department.db,
      mapping!,
      department.file('sites.csv'),
      [
        'id,name,project,status,address,street_code,latitude,longitude,contractor_credit_code',
        `C0101,徐汇滨江工地,西岸传媒港二期,ACTIVE,"龙腾大道 2350 号, 北侧",310104013,31.1716,121.4603,${CONTRACTOR}`,
        'c0102,漕河泾工地,,suspended,宜山路 700 号,310104012,31.1689,121.4012,',
        'V0001,菜场改造,,ACTIVE,漕宝路 1 号,310104012,31.16,121.43,',
        `C0103,,,OPEN,宜山路 1 号,3101040,91.5,121.123456789,${CONTRACTOR.slice(0, 17)}0`,
        'C0101,重复工地,,ACTIVE,龙腾大道 1 号,310104013,31.17,121.46,',
      ].join('\n'),
      'sites',
    );
    expect(runs.first).toMatchObject({ rows_read: 5, rows_rejected: 3, rows_inserted: 2 });
    expect(runs.rejections).toEqual(REJECTIONS);
    const loaded = await department.db('sites').where({ kind: 'CONSTRUCTION' }).orderBy('id');
    expect(loaded).toEqual([
      {
        id: 'C0101',
        kind: 'CONSTRUCTION',
        name: '徐汇滨江工地',
        project: '西岸传媒港二期',
        status: 'ACTIVE',
        address: '龙腾大道 2350 号, 北侧',
        street_code: '310104013',
        latitude: 31.1716,
        longitude: 121.4603,
        contractor_credit_code: CONTRACTOR,
        capacity: null,
      },
      expect.objectContaining({
        id: 'C0102',
        status: 'SUSPENDED',
        project: null,
        contractor_credit_code: null,
      }),
    ]);
    // The venue named by a refused record is as it was.
    expect(await department.db('sites').where({ id: 'V0001' }).first()).toMatchObject({
      kind: 'MARKET',
      name: '漕宝路菜场',
    });
    expectNothingChangedTheSecondTime(runs, 2);
  });
});

const REJECTIONS = [
  '4 id: names a venue, not a construction site',
  '5 contractor_credit_code: has a wrong check character',
  '5 latitude: must be between -90 and 90',
  '5 longitude: must be a number with at most 7 decimals',
  '5 name: is required',
  '5 status: must be one of ACTIVE, SUSPENDED, CLOSED',
  '5 street_code: must be 9 digits for a street',
  '6 id: repeats the id of line 2',
];
