import { describe, expect, it } from 'vitest';
import {
  expectNothingChangedTheSecondTime,
  importTarget,
  importThreeTimes,
} from '../../../test/support/file-import.js';
import { importMappings } from '../src/importers/index.js';

const mappingOf = (kind: string) => importMappings().find((m) => m.kind === kind)!;

const department = importTarget('transport', async (db) => {
  await db('stations').insert([
    {
      code: 'SNH',
      name: '上海南站',
      kind: 'RAIL',
      street_code: '310104017',
      latitude: 31.15,
      longitude: 121.43,
    },
    {
      code: 'XJH',
      name: '徐家汇地铁枢纽',
      kind: 'METRO_HUB',
      street_code: '310104014',
      latitude: 31.19,
      longitude: 121.44,
    },
  ]);
});

describe("importing a station's schedule", () => {
  it('loads the trains by the ticketing rules, refuses the rest with their fields, and changes nothing the second time', async () => {
    const runs = await importThreeTimes(
      department.db,
      mappingOf('schedules'),
      department.file('schedule.csv'),
      [
        'station_code,train_number,service_date,origin_code,scheduled_at,actual_at,ticketed_passengers',
        'SNH,G7301,2026-11-20,330106,2026-11-20T09:30:00+08:00,2026-11-20T09:41:00+08:00,612',
        'snh,k1234,2026-11-20,420106,2026-11-20T23:50:00+08:00,,88',
        'XJH,G1,2026-11-20,330106,2026-11-20T09:30:00+08:00,,10',
        'ABC,G 1,2026-02-30,33010,2026-11-20 09:30,,-1',
        'SNH,G7301,2026-11-20,330106,2026-11-21T09:30:00+08:00,,5',
        'SNH,D100,2026-11-20,330106,2026-11-24T09:30:00+08:00,2026-11-25T09:30:00+08:00,5',
      ].join('\n'),
      'train_arrivals',
    );
    expect(runs.first).toMatchObject({ rows_read: 6, rows_rejected: 4, rows_inserted: 2 });
    expect(runs.rejections).toEqual(SCHEDULE_REJECTIONS);
    const trains = await department.db('train_arrivals').orderBy('train_number');
    expect(trains).toEqual([
      expect.objectContaining({
        station_code: 'SNH',
        train_number: 'G7301',
        origin_code: '330106',
        ticketed_passengers: 612,
      }),
      expect.objectContaining({
        station_code: 'SNH',
        train_number: 'K1234',
        actual_at: null,
        ticketed_passengers: 88,
      }),
    ]);
    expect(new Date(trains[0].actual_at).toISOString()).toBe('2026-11-20T01:41:00.000Z');
    expectNothingChangedTheSecondTime(runs, 2);
  });
});

describe('importing checkpoints', () => {
  it('loads the good checkpoints, refuses the bad ones, and changes nothing the second time', async () => {
    const runs = await importThreeTimes(
      department.db,
      mappingOf('checkpoints'),
      department.file('checkpoints.csv'),
      [
        'code,name,road,street_code,latitude,longitude',
        'XH-KK01,徐浦大桥卡口,S20外环高速徐浦大桥,310104103,31.1098,121.477',
        'xh-kk02,龙吴路华泾卡口,龙吴路,310104103,31.115,121.456',
        'XH_KK03,,龙吴路,310104103,abc,200',
        'XH-KK01,徐浦大桥卡口,S20,310104103,31.1,121.4',
      ].join('\n'),
      'checkpoints',
    );
    expect(runs.first).toMatchObject({ rows_read: 4, rows_rejected: 2, rows_inserted: 2 });
    expect(runs.rejections).toEqual([
      '4 code: must be 1 to 10 letters, digits or hyphens',
      '4 latitude: must be a number with at most 7 decimals',
      '4 longitude: must be between -180 and 180',
      '4 name: is required',
      '5 code: repeats the code of line 2',
    ]);
    expect(await department.db('checkpoints').orderBy('code')).toEqual([
      {
        code: 'XH-KK01',
        name: '徐浦大桥卡口',
        road: 'S20外环高速徐浦大桥',
        street_code: '310104103',
        latitude: 31.1098,
        longitude: 121.477,
      },
      {
        code: 'XH-KK02',
        name: '龙吴路华泾卡口',
        road: '龙吴路',
        street_code: '310104103',
        latitude: 31.115,
        longitude: 121.456,
      },
    ]);
    expectNothingChangedTheSecondTime(runs, 2);
  });
});

const SCHEDULE_REJECTIONS = [
  '4 station_code: is a metro hub, which sells no named tickets',
  '5 origin_code: must be a 6-digit division code',
  '5 scheduled_at: must be ISO 8601 with an offset, e.g. 2020-02-10T09:30:00+08:00',
  '5 service_date: is not a real calendar date',
  '5 station_code: is not a station the hub knows',
  '5 ticketed_passengers: must be between 0 and 3000',
  '5 train_number: must be 1 to 12 letters, digits or hyphens',
  '6 station_code+train_number+service_date: repeats the station_code, train_number, service_date of line 2',
  '7 scheduled_at: is impossible for the service date (before it, or more than two days after it)',
];
