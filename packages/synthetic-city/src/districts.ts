import type { DistrictSpec, StreetSpec } from './geography.js';

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

/** A street of the district its code starts with. */
export function street(
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
