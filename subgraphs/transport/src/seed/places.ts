import type { DbCheckpointRow, DbStationRow } from '../repositories/rows.js';

/**
 * The district's stations and checkpoints (Xuhui). Shanghai South is the railway station whose
 * ticketing feed the district joined in 2020; the checkpoints sit on the entrances from Minhang
 * and across the Huangpu.
 */
/** The places as the stores read them back. */
export type StationSpec = DbStationRow;
export type CheckpointSpec = DbCheckpointRow;

export const SHANGHAI_SOUTH = 'SNH';

export const STATIONS: StationSpec[] = [
  {
    code: 'SNH',
    name: '上海南站',
    kind: 'RAIL',
    streetCode: '310104017',
    latitude: 31.1546,
    longitude: 121.4302,
  },
  {
    code: 'SNC',
    name: '上海长途客运南站',
    kind: 'COACH',
    streetCode: '310104017',
    latitude: 31.1532,
    longitude: 121.4278,
  },
  {
    code: 'XJH',
    name: '徐家汇地铁枢纽',
    kind: 'METRO_HUB',
    streetCode: '310104014',
    latitude: 31.1946,
    longitude: 121.4372,
  },
  {
    code: 'LHZ',
    name: '龙华中路地铁枢纽',
    kind: 'METRO_HUB',
    streetCode: '310104016',
    latitude: 31.184,
    longitude: 121.459,
  },
];

export const CHECKPOINTS: CheckpointSpec[] = [
  {
    code: 'XH-KK01',
    name: '徐浦大桥卡口',
    road: 'S20外环高速徐浦大桥',
    streetCode: '310104103',
    latitude: 31.1098,
    longitude: 121.477,
  },
  {
    code: 'XH-KK02',
    name: '龙吴路华泾卡口',
    road: '龙吴路',
    streetCode: '310104103',
    latitude: 31.115,
    longitude: 121.456,
  },
  {
    code: 'XH-KK03',
    name: '沪闵高架漕宝路卡口',
    road: '沪闵高架路',
    streetCode: '310104017',
    latitude: 31.162,
    longitude: 121.428,
  },
  {
    code: 'XH-KK04',
    name: '中环虹梅路卡口',
    road: '中环路虹梅路立交',
    streetCode: '310104012',
    latitude: 31.165,
    longitude: 121.399,
  },
  {
    code: 'XH-KK05',
    name: '龙耀路隧道卡口',
    road: '龙耀路隧道',
    streetCode: '310104016',
    latitude: 31.176,
    longitude: 121.465,
  },
];
