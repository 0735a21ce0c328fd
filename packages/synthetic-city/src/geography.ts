import { Random, hash32 } from './random.js';

export interface DistrictSpec {
  code: string;
  name: string;
}

export interface StreetSpec {
  code: string;
  name: string;
  districtCode: string;
  kind: 'STREET' | 'TOWN';
  /** Approximate centre, WGS-84, for placing sites and checkpoints. */
  latitude: number;
  longitude: number;
  /** Roads used for addresses on this street. */
  roads: string[];
  communityCount: number;
}

export interface CommunitySpec {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  /** Position in the whole generated geography, 0-based. */
  index: number;
  latitude: number;
  longitude: number;
}

/** The 16 districts of Shanghai (GB/T 2260). */
export const SHANGHAI_DISTRICTS: DistrictSpec[] = [
  { code: '310101', name: '黄浦区' },
  { code: '310104', name: '徐汇区' },
  { code: '310105', name: '长宁区' },
  { code: '310106', name: '静安区' },
  { code: '310107', name: '普陀区' },
  { code: '310109', name: '虹口区' },
  { code: '310110', name: '杨浦区' },
  { code: '310112', name: '闵行区' },
  { code: '310113', name: '宝山区' },
  { code: '310114', name: '嘉定区' },
  { code: '310115', name: '浦东新区' },
  { code: '310116', name: '金山区' },
  { code: '310117', name: '松江区' },
  { code: '310118', name: '青浦区' },
  { code: '310120', name: '奉贤区' },
  { code: '310151', name: '崇明区' },
];

/** Xuhui's 13 streets and towns with their GB/T 10114 codes; 957 residential communities in all. */
export const XUHUI_STREETS: StreetSpec[] = [
  street(
    '310104003',
    '天平路街道',
    31.2085,
    121.443,
    ['衡山路', '天平路', '建国西路', '永嘉路'],
    62,
  ),
  street(
    '310104004',
    '湖南路街道',
    31.212,
    121.438,
    ['湖南路', '武康路', '复兴西路', '五原路'],
    48,
  ),
  street(
    '310104007',
    '斜土路街道',
    31.199,
    121.456,
    ['斜土路', '大木桥路', '小木桥路', '零陵路'],
    79,
  ),
  street('310104008', '枫林路街道', 31.195, 121.46, ['枫林路', '东安路', '医学院路', '平江路'], 84),
  street('310104010', '长桥街道', 31.143, 121.443, ['龙川北路', '百色路', '罗秀路', '长桥路'], 91),
  street('310104011', '田林街道', 31.176, 121.427, ['田林路', '钦州路', '柳州路', '宜山路'], 83),
  street('310104012', '虹梅路街道', 31.169, 121.402, ['虹梅路', '古美路', '桂林路', '漕宝路'], 66),
  street(
    '310104013',
    '康健新村街道',
    31.161,
    121.42,
    ['康健路', '桂林路', '浦北路', '田林东路'],
    77,
  ),
  street(
    '310104014',
    '徐家汇街道',
    31.193,
    121.438,
    ['漕溪北路', '天钥桥路', '肇嘉浜路', '宛平南路'],
    64,
  ),
  street(
    '310104015',
    '凌云路街道',
    31.154,
    121.435,
    ['凌云路', '梅陇路', '龙州路', '华东理工路'],
    80,
  ),
  street(
    '310104016',
    '龙华街道',
    31.177,
    121.453,
    ['龙华西路', '龙华路', '龙水南路', '云锦路'],
    73,
  ),
  street(
    '310104017',
    '漕河泾街道',
    31.168,
    121.438,
    ['漕宝路', '虹漕路', '漕东支路', '冠生园路'],
    74,
  ),
  street(
    '310104103',
    '华泾镇',
    31.123,
    121.45,
    ['华泾路', '龙吴路', '关港路', '华发路'],
    76,
    'TOWN',
  ),
];

function street(
  code: string,
  name: string,
  latitude: number,
  longitude: number,
  roads: string[],
  communityCount: number,
  kind: 'STREET' | 'TOWN' = 'STREET',
): StreetSpec {
  return {
    code,
    name,
    districtCode: code.slice(0, 6),
    kind,
    latitude,
    longitude,
    roads,
    communityCount,
  };
}

const NAME_STEMS = [
  '天钥',
  '宛平',
  '永嘉',
  '建国',
  '衡山',
  '汇翠',
  '梅陇',
  '田林',
  '康健',
  '漕溪',
  '龙华',
  '华泾',
  '景谷',
  '凯旋',
  '南丹',
  '东安',
  '零陵',
  '斜土',
  '枫林',
  '嘉善',
  '徐虹',
  '罗秀',
  '长桥',
  '百色',
  '华滨',
  '日晖',
  '龙山',
  '高安',
  '武康',
  '湖南',
  '吴兴',
  '桂林',
  '钦州',
  '宜山',
  '虹梅',
  '古美',
  '平阳',
  '龙川',
  '华发',
  '春申',
  '云锦',
  '紫薇',
  '金桂',
  '银杏',
  '香樟',
  '丁香',
  '樱花',
  '红枫',
  '绿地',
  '华悦',
];
const NAME_SUFFIXES = [
  '新村',
  '小区',
  '苑',
  '花园',
  '公寓',
  '大厦',
  '里',
  '坊',
  '家园',
  '名邸',
  '雅苑',
  '一村',
  '二村',
  '三村',
  '北块',
  '南块',
  '佳苑',
  '景苑',
  '城',
  '公馆',
];
const GENERIC_STREET_STEMS = [
  '新华',
  '人民',
  '东湖',
  '西林',
  '南桥',
  '北站',
  '江川',
  '海湾',
  '朱家角',
  '泗泾',
  '九亭',
  '罗店',
  '大场',
  '江湾',
  '曲阳',
  '长风',
  '真如',
  '曹杨',
  '金杨',
  '洋泾',
  '陆家嘴',
  '花木',
  '张江',
  '高桥',
  '周浦',
  '惠南',
  '庄行',
  '金泽',
  '练塘',
  '亭林',
];

export interface GeographyOptions {
  seed: number;
  /** District codes to generate; Xuhui's streets are real, others are generated. */
  districts: string[];
  /** Total communities across the non-Xuhui districts (the city preset uses 10,806 − 957). */
  otherDistrictCommunities?: number;
}

export interface Geography {
  districts: DistrictSpec[];
  streets: StreetSpec[];
  communities: CommunitySpec[];
}

export function buildGeography({
  seed,
  districts,
  otherDistrictCommunities = 0,
}: GeographyOptions): Geography {
  const chosen = SHANGHAI_DISTRICTS.filter(({ code }) => districts.includes(code));
  const others = chosen.filter(({ code }) => code !== '310104');
  const streets: StreetSpec[] = [];
  const perOther = others.length ? Math.floor(otherDistrictCommunities / others.length) : 0;
  for (const district of chosen) {
    if (district.code === '310104') {
      streets.push(...XUHUI_STREETS);
      continue;
    }
    // The first districts take one more each, so that the totals are exact.
    const extra =
      others.indexOf(district) < otherDistrictCommunities - perOther * others.length ? 1 : 0;
    streets.push(...generatedStreets(seed, district, perOther + extra));
  }
  const communities: CommunitySpec[] = [];
  for (const spec of streets) {
    const random = new Random(seed, Number(spec.code), 7);
    const used = new Set<string>();
    for (let n = 1; n <= spec.communityCount; n++) {
      communities.push({
        code: `${spec.code}${String(n).padStart(4, '0')}`,
        name: uniqueName(random, used),
        streetCode: spec.code,
        districtCode: spec.districtCode,
        index: communities.length,
        latitude: round6(spec.latitude + (random.next() - 0.5) * 0.016),
        longitude: round6(spec.longitude + (random.next() - 0.5) * 0.018),
      });
    }
  }
  return { districts: chosen, streets, communities };
}

function generatedStreets(
  seed: number,
  district: DistrictSpec,
  communityTotal: number,
): StreetSpec[] {
  const random = new Random(seed, Number(district.code), 3);
  const count = 10 + random.int(5);
  const base = Math.floor(communityTotal / count);
  const used = new Set<string>();
  const centre = {
    latitude: 31.05 + (hash32(Number(district.code)) % 400) / 1000,
    longitude: 121.2 + (hash32(Number(district.code), 1) % 500) / 1000,
  };
  return Array.from({ length: count }, (_, i) => {
    let name: string;
    do name = `${random.pick(GENERIC_STREET_STEMS)}${i < count - 2 ? '街道' : '镇'}`;
    while (used.has(name) && used.size < GENERIC_STREET_STEMS.length * 2 - 1);
    if (used.has(name)) name = `${name}${i + 1}`;
    used.add(name);
    const communityCount = i === count - 1 ? communityTotal - base * (count - 1) : base;
    return street(
      `${district.code}${String(i < count - 2 ? i + 1 : 100 + i).padStart(3, '0')}`,
      name,
      round6(centre.latitude + (random.next() - 0.5) * 0.1),
      round6(centre.longitude + (random.next() - 0.5) * 0.1),
      ['中山路', '解放路', '建设路', '文化路'],
      communityCount,
      i < count - 2 ? 'STREET' : 'TOWN',
    );
  });
}

function uniqueName(random: Random, used: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = `${random.pick(NAME_STEMS)}${random.pick(NAME_SUFFIXES)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const name = `${random.pick(NAME_STEMS)}${random.pick(NAME_SUFFIXES)}${used.size + 1}号`;
  used.add(name);
  return name;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
