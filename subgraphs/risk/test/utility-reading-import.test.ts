import { describe, expect, it } from 'vitest';
import {
  expectNothingChangedTheSecondTime,
  importTarget,
  importThreeTimes,
} from '../../../test/support/file-import.js';
import { importMappings } from '../src/importers/index.js';

const [mapping] = importMappings();
const COMMUNITY = '3101040030001';
const FLAT = '宜山路 100 弄 1 号 101 室';
const OTHER_FLAT = '宜山路 100 弄 2 号 202 室';

const department = importTarget('risk', async (db) => {
  const dwelling = { community_code: COMMUNITY, street_code: '310104003', floor_area: 60 };
  await db('dwellings').insert([
    { ...dwelling, address: FLAT, registered_residents: 2 },
    { ...dwelling, address: OTHER_FLAT, registered_residents: 1 },
  ]);
});

describe('importing utility readings', () => {
  it("loads each dwelling's month, refuses unknown dwellings and bad readings, and changes nothing the second time", async () => {
    const runs = await importThreeTimes(
      department.db,
      mapping!,
      department.file('readings.csv'),
      [
        'community_code,address,month,water_m3,electricity_kwh,gas_m3,deliveries',
        `${COMMUNITY},${FLAT},2026-10,12.5,310.0,20.1,14`,
        `${COMMUNITY},${FLAT},2026-09,11,290,18,9`,
        `${COMMUNITY},${OTHER_FLAT},2026-10,40.2,1200.5,60,75`,
        `${COMMUNITY},宜山路 999 号,2026-10,1,1,1,1`,
        '310104003,宜山路 100 弄,2026-13,-1,1.25,abc,',
        `${COMMUNITY},${FLAT},2026-10,1,1,1,1`,
        `${COMMUNITY},${FLAT},2099-01,1,1,1,1`,
      ].join('\n'),
      'dwelling_readings',
    );
    expect(runs.first).toMatchObject({ rows_read: 7, rows_rejected: 4, rows_inserted: 3 });
    expect(runs.rejections).toEqual([
      '5 address: is not a dwelling of the housing register in this community',
      '6 community_code: must be 13 digits for a community',
      '6 deliveries: is required',
      '6 electricity_kwh: must be a number with at most 1 decimal',
      '6 gas_m3: must be a number with at most 1 decimal',
      '6 month: must be a month YYYY-MM',
      '6 water_m3: must be between 0 and 9999999',
      '7 community_code+address+month: repeats the community_code, address, month of line 2',
      '8 month: is after this month',
    ]);
    const readings = await department
      .db('dwelling_readings as r')
      .join('dwellings as d', 'd.id', 'r.dwelling_id')
      .select('d.address', 'r.month', 'r.water_m3', 'r.electricity_kwh', 'r.gas_m3', 'r.deliveries')
      .orderBy(['d.address', 'r.month']);
    expect(readings).toEqual([
      {
        address: FLAT,
        month: '2026-09',
        water_m3: 11,
        electricity_kwh: 290,
        gas_m3: 18,
        deliveries: 9,
      },
      {
        address: FLAT,
        month: '2026-10',
        water_m3: 12.5,
        electricity_kwh: 310,
        gas_m3: 20.1,
        deliveries: 14,
      },
      {
        address: OTHER_FLAT,
        month: '2026-10',
        water_m3: 40.2,
        electricity_kwh: 1200.5,
        gas_m3: 60,
        deliveries: 75,
      },
    ]);
    expectNothingChangedTheSecondTime(runs, 3);
  });
});
