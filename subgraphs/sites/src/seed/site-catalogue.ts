import {
  constructionContractorIndexes,
  enterpriseAt,
  hash32,
  Random,
  type SyntheticCity,
} from '@cityhub/synthetic-city';
import type { DbSiteRow, SiteKind } from '../repositories/rows.js';

/** Xuhui's figure: 167 construction sites on the hub. */
export const CONSTRUCTION_SITE_COUNT = 167;

const PROJECT_KINDS = [
  '住宅新建工程',
  '商办楼新建工程',
  '保障性住房工程',
  '学校改扩建工程',
  '医院综合楼工程',
  '道路改建工程',
  '地铁站配套工程',
  '城市更新项目',
  '产业园区新建工程',
  '文化中心新建工程',
];
// Waterfront and southern streets build more than the old town centre.
const STREET_WEIGHTS: Record<string, number> = {
  '310104003': 3,
  '310104004': 2,
  '310104007': 5,
  '310104008': 5,
  '310104010': 12,
  '310104011': 7,
  '310104012': 8,
  '310104013': 7,
  '310104014': 6,
  '310104015': 8,
  '310104016': 14,
  '310104017': 10,
  '310104103': 13,
};

/** The construction sites: a pure function of the city's seed, each with a builder from the enterprise registry as general contractor. */
export function constructionSites(city: SyntheticCity): DbSiteRow[] {
  const streets = city.geography.streets.filter((street) => street.districtCode === '310104');
  const contractors = constructionContractorIndexes(city).map(
    (index) => enterpriseAt(city, index).creditCode,
  );
  const sites: DbSiteRow[] = [];
  for (let n = 1; n <= CONSTRUCTION_SITE_COUNT; n++) {
    const random = new Random(city.seed, n, 201);
    const street = random.weighted(
      streets,
      streets.map((s) => STREET_WEIGHTS[s.code] ?? 5),
    );
    const road = random.pick(street.roads);
    const number = random.between(1, 1200);
    const project = `${road}${number}号${random.pick(PROJECT_KINDS)}`;
    const statusRoll = random.next();
    sites.push({
      id: `C${String(n).padStart(4, '0')}`,
      kind: 'CONSTRUCTION',
      name: `${street.name.replace(/街道|镇$/, '')}${road}${number}号工地`,
      project,
      status: statusRoll < 0.9 ? 'ACTIVE' : statusRoll < 0.96 ? 'SUSPENDED' : 'CLOSED',
      address: `上海市徐汇区${road}${number}号`,
      streetCode: street.code,
      // Within about 900 m of the street's centre: inside the district for every street.
      latitude: round6(street.latitude + (random.next() - 0.5) * 0.016),
      longitude: round6(street.longitude + (random.next() - 0.5) * 0.018),
      contractorCreditCode: contractors[hash32(city.seed, n, 202) % contractors.length]!,
      capacity: null,
    });
  }
  return sites;
}

interface VenueSpec {
  kind: Exclude<SiteKind, 'CONSTRUCTION'>;
  name: string;
  address: string;
  streetCode: string;
  latitude: number;
  longitude: number;
  capacity: number;
}

/** Crowded venues of Xuhui (人员密集场所): the railway station, metro concourses, malls and a market on every street. */
const NAMED_VENUES: VenueSpec[] = [
  {
    kind: 'STATION_HALL',
    name: '上海南站候车大厅',
    address: '上海市徐汇区沪闵路9001号',
    streetCode: '310104010',
    latitude: 31.1546,
    longitude: 121.4297,
    capacity: 12_000,
  },
  {
    kind: 'STATION_HALL',
    name: '徐家汇地铁站站厅',
    address: '上海市徐汇区漕溪北路',
    streetCode: '310104014',
    latitude: 31.1937,
    longitude: 121.4371,
    capacity: 6_000,
  },
  {
    kind: 'MALL',
    name: '港汇恒隆广场',
    address: '上海市徐汇区虹桥路1号',
    streetCode: '310104014',
    latitude: 31.1954,
    longitude: 121.4374,
    capacity: 15_000,
  },
  {
    kind: 'MALL',
    name: '美罗城',
    address: '上海市徐汇区肇嘉浜路1111号',
    streetCode: '310104014',
    latitude: 31.1935,
    longitude: 121.4381,
    capacity: 8_000,
  },
  {
    kind: 'MALL',
    name: '太平洋百货徐汇店',
    address: '上海市徐汇区衡山路932号',
    streetCode: '310104014',
    latitude: 31.1947,
    longitude: 121.4359,
    capacity: 6_000,
  },
  {
    kind: 'MALL',
    name: '东方商厦',
    address: '上海市徐汇区漕溪北路8号',
    streetCode: '310104014',
    latitude: 31.1925,
    longitude: 121.4367,
    capacity: 6_000,
  },
  {
    kind: 'MALL',
    name: '漕河泾商业中心',
    address: '上海市徐汇区漕宝路',
    streetCode: '310104017',
    latitude: 31.1685,
    longitude: 121.409,
    capacity: 7_000,
  },
  {
    kind: 'MALL',
    name: '华泾商业广场',
    address: '上海市徐汇区华泾路',
    streetCode: '310104103',
    latitude: 31.1245,
    longitude: 121.451,
    capacity: 4_000,
  },
];

export function venues(city: SyntheticCity): DbSiteRow[] {
  const streets = city.geography.streets.filter((street) => street.districtCode === '310104');
  const markets: VenueSpec[] = streets.map((street, i) => {
    const random = new Random(city.seed, i, 211);
    const road = street.roads[0]!;
    return {
      kind: 'MARKET',
      name: `${street.name.replace(/街道|镇$/, '')}菜市场`,
      address: `上海市徐汇区${road}${random.between(10, 600)}号`,
      streetCode: street.code,
      latitude: round6(street.latitude + (random.next() - 0.5) * 0.006),
      longitude: round6(street.longitude + (random.next() - 0.5) * 0.006),
      capacity: 400 + random.int(12) * 100,
    };
  });
  return [...NAMED_VENUES, ...markets].map((venue, i) => ({
    id: `V${String(i + 1).padStart(4, '0')}`,
    kind: venue.kind,
    name: venue.name,
    project: null,
    status: 'ACTIVE',
    address: venue.address,
    streetCode: venue.streetCode,
    latitude: venue.latitude,
    longitude: venue.longitude,
    contractorCreditCode: null,
    capacity: venue.capacity,
  }));
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
