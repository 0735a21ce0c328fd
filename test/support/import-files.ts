import { makeCreditCode, makeResidentId, type Database } from '@cityhub/kit';

/**
 * One small file of each kind a department loads: two good records, then one refused for one
 * field, with the reference rows its checks need in an empty schema (a station, a dwelling).
 */
export interface KindFile {
  department: string;
  kind: string;
  name: string;
  text: string;
  /** The refused record: its line, field and reason. */
  rejection: { line: number; field: string; reason: string };
  setup?(db: Database): Promise<unknown>;
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;
const jsonLines = (...records: object[]) => lines(...records.map((r) => JSON.stringify(r)));

const CREDIT = ['0001', '0002', '0003'].map((n) => makeCreditCode(`91310104MA1FL${n}`));
const REP = makeResidentId('310104', '1975-04-12', 11);
const enterprise = (creditCode: string, name: string) => ({
  credit_code: creditCode,
  name,
  legal_rep_id_number: REP,
  industry: 'C',
  street_code: '310104003',
  status: 'OPERATING',
  employee_count: 12,
  registered_on: '2015-03-02',
});
const checkpoint = (code: string, longitude: number) => ({
  code,
  name: `${code} 卡口`,
  road: '龙吴路',
  street_code: '310104103',
  latitude: 31.115,
  longitude,
});
const call = (id: string, text: string, callerPhone: string) => ({
  call_id: `12345-20261130-${id}`,
  category: 'ENVIRONMENT',
  text,
  street_code: '310104003',
  location: `宜山路 ${id} 弄`,
  caller_phone: callerPhone,
});
const FLATS = ['宜山路 100 弄 1 号 101 室', '宜山路 100 弄 2 号 202 室'];

export const KIND_FILES: KindFile[] = [
  {
    department: 'population',
    kind: 'residents',
    name: 'residents.csv',
    text: lines(
      'id_number,name,phone,origin_code,community_code,address,health_code',
      `${makeResidentId('310104', '1980-01-01', 1)},张一,13900000001,310104,,,GREEN`,
      `${makeResidentId('420106', '1981-02-02', 2)},李二,13900000002,420106,,,RED`,
      `${makeResidentId('310104', '1982-03-03', 3)},王三,12345,310104,,,GREEN`,
    ),
    rejection: {
      line: 4,
      field: 'phone',
      reason: 'must be an 11-digit mobile number starting with 1',
    },
  },
  {
    department: 'enterprises',
    kind: 'enterprises',
    name: 'enterprises.jsonl',
    text: jsonLines(
      enterprise(CREDIT[0]!, '上海甲建材有限公司'),
      enterprise(CREDIT[1]!, '上海乙餐饮有限公司'),
      enterprise(CREDIT[2]!.slice(0, 17) + (CREDIT[2]!.endsWith('0') ? '1' : '0'), '丙公司'),
    ),
    rejection: { line: 3, field: 'credit_code', reason: 'has a wrong check character' },
  },
  {
    department: 'sites',
    kind: 'construction-sites',
    name: 'sites.csv',
    text: lines(
      'id,name,project,status,address,street_code,latitude,longitude,contractor_credit_code',
      'C0101,徐汇滨江工地,西岸传媒港二期,ACTIVE,龙腾大道 2350 号,310104013,31.1716,121.4603,',
      'C0102,漕河泾工地,,SUSPENDED,宜山路 700 号,310104012,31.1689,121.4012,',
      'C0103,宜山路工地,,OPEN,宜山路 1 号,310104012,31.16,121.43,',
    ),
    rejection: { line: 4, field: 'status', reason: 'must be one of ACTIVE, SUSPENDED, CLOSED' },
  },
  {
    department: 'transport',
    kind: 'schedules',
    name: 'schedules.csv',
    text: lines(
      'station_code,train_number,service_date,origin_code,scheduled_at,actual_at,ticketed_passengers',
      'SNH,G7301,2026-11-20,330106,2026-11-20T09:30:00+08:00,2026-11-20T09:41:00+08:00,612',
      'SNH,K1234,2026-11-20,420106,2026-11-20T23:50:00+08:00,,88',
      'SNH,G7302,2026-11-20,330106,2026-11-20T10:30:00+08:00,,-1',
    ),
    rejection: { line: 4, field: 'ticketed_passengers', reason: 'must be between 0 and 3000' },
    setup: (db) =>
      db.raw(`INSERT INTO stations (code, name, kind, street_code, latitude, longitude)
              VALUES ('SNH', '上海南站', 'RAIL', '310104017', 31.15, 121.43)`),
  },
  {
    department: 'transport',
    kind: 'checkpoints',
    name: 'checkpoints.jsonl',
    text: jsonLines(
      checkpoint('XH-KK01', 121.477),
      checkpoint('XH-KK02', 121.456),
      checkpoint('XH-KK03', 200),
    ),
    rejection: { line: 3, field: 'longitude', reason: 'must be between -180 and 180' },
  },
  {
    department: 'risk',
    kind: 'utility-readings',
    name: 'readings.csv',
    text: lines(
      'community_code,address,month,water_m3,electricity_kwh,gas_m3,deliveries',
      `3101040030001,${FLATS[0]},2026-10,12.5,310.0,20.1,14`,
      `3101040030001,${FLATS[1]},2026-10,40.2,1200.5,60,75`,
      `3101040030001,${FLATS[0]},2026-09,1.25,1,1,1`,
    ),
    rejection: { line: 4, field: 'water_m3', reason: 'must be a number with at most 1 decimal' },
    setup: (db) =>
      db.raw(
        `INSERT INTO dwellings (community_code, street_code, floor_area, registered_residents, address)
         SELECT '3101040030001', '310104003', 60, 1, unnest(?::text[])`,
        [FLATS],
      ),
  },
  {
    department: 'dispatch',
    kind: 'hotline-calls',
    name: 'hotline.jsonl',
    text: jsonLines(
      call('0001', '小区垃圾两天未清运', '13900000001'),
      call('0002', '路边绿化带堆放建筑垃圾', '02164000000'),
      call('0003', '夜间施工噪声扰民', '12'),
    ),
    rejection: { line: 3, field: 'caller_phone', reason: 'must be 5 to 20 digits' },
  },
];
