import { CREDIT_CODE_ALPHABET, makeCreditCode } from '@cityhub/kit';
import type { SyntheticCity } from './presets.js';
import { Random, addDays, hash32 } from './random.js';

/** GB/T 4754 sections (门类) of the enterprises in the demo, with rough shares of a central district. */
export const INDUSTRY_SECTIONS: Array<{
  code: string;
  name: string;
  share: number;
  word: string[];
}> = [
  { code: 'C', name: '制造业', share: 8, word: ['精密机械', '电子科技', '医疗器械', '新材料'] },
  { code: 'E', name: '建筑业', share: 8, word: ['建设工程', '建筑安装', '市政工程', '装饰工程'] },
  { code: 'F', name: '批发和零售业', share: 22, word: ['商贸', '贸易', '百货', '食品销售'] },
  { code: 'G', name: '交通运输、仓储和邮政业', share: 4, word: ['物流', '运输', '快递'] },
  { code: 'H', name: '住宿和餐饮业', share: 10, word: ['餐饮管理', '酒店管理', '餐饮'] },
  {
    code: 'I',
    name: '信息传输、软件和信息技术服务业',
    share: 14,
    word: ['信息技术', '网络科技', '软件', '数据科技'],
  },
  { code: 'K', name: '房地产业', share: 4, word: ['置业', '物业管理', '房地产经纪'] },
  {
    code: 'L',
    name: '租赁和商务服务业',
    share: 16,
    word: ['企业管理咨询', '商务咨询', '广告', '人力资源'],
  },
  { code: 'M', name: '科学研究和技术服务业', share: 8, word: ['生物科技', '检测技术', '设计研究'] },
  { code: 'Q', name: '卫生和社会工作', share: 3, word: ['医疗', '养老服务'] },
  { code: 'R', name: '文化、体育和娱乐业', share: 3, word: ['文化传播', '体育发展', '影视'] },
];

export type EnterpriseStatus = 'OPERATING' | 'SUSPENDED' | 'CLOSED';

export interface SyntheticEnterprise {
  index: number;
  creditCode: string;
  name: string;
  industry: string;
  /** Index of the resident who is its legal representative (法定代表人): `city.person(legalRepresentativeIndex)`. */
  legalRepresentativeIndex: number;
  streetCode: string;
  status: EnterpriseStatus;
  employeeCount: number;
  registeredOn: string;
}

const NAME_STEMS = [
  '汇达',
  '徐光',
  '衡复',
  '漕河',
  '华泾',
  '龙华',
  '天平',
  '枫林',
  '康健',
  '凌云',
  '田林',
  '虹梅',
  '斜土',
  '长桥',
  '宛平',
  '肇嘉',
  '钦州',
  '桂林',
  '宜山',
  '百色',
  '锦绣',
  '瑞丰',
  '恒信',
  '中和',
  '东方',
  '申城',
  '海纳',
  '博远',
  '嘉禾',
  '新源',
];
// The hub's Xuhui figure: 16,584 enterprises for about 1.1 million residents.
const ENTERPRISES_PER_RESIDENT = 16_584 / 1_100_000;
/** The first few enterprises are always builders, so that every preset has general contractors. */
const GUARANTEED_BUILDERS = 6;

export function enterpriseCount(city: SyntheticCity): number {
  return Math.max(
    GUARANTEED_BUILDERS * 2,
    Math.round(city.residentCount * ENTERPRISES_PER_RESIDENT),
  );
}

/** The enterprise with this index: a pure function of the city's seed and the index. */
export function enterpriseAt(city: SyntheticCity, index: number): SyntheticEnterprise {
  if (index < 0 || index >= enterpriseCount(city))
    throw new RangeError(`enterprise index ${index} outside 0..${enterpriseCount(city) - 1}`);
  const random = new Random(city.seed, index, 101);
  const section =
    index < GUARANTEED_BUILDERS
      ? INDUSTRY_SECTIONS.find((s) => s.code === 'E')!
      : random.weighted(
          INDUSTRY_SECTIONS,
          INDUSTRY_SECTIONS.map((s) => s.share),
        );
  const streets = city.geography.streets;
  const street = streets[hash32(city.seed, index, 102) % streets.length]!;
  const statusRoll = random.next();
  const size = Math.round(Math.exp(random.next() * 6.2)) + 2; // 3 to about 500, most small
  return {
    index,
    creditCode: creditCodeFor(city.seed, index, street.districtCode),
    name: `上海${random.pick(NAME_STEMS)}${random.pick(section.word)}有限公司`,
    industry: section.code,
    legalRepresentativeIndex: hash32(city.seed, index, 103) % city.residentCount,
    streetCode: street.code,
    status: statusRoll < 0.9 ? 'OPERATING' : statusRoll < 0.97 ? 'SUSPENDED' : 'CLOSED',
    employeeCount: section.code === 'E' ? size * 3 : size,
    registeredOn: addDays('1995-01-01', random.int(10_000)),
  };
}

/** Builders (section E) among the enterprises: the general contractors of construction sites. */
export function constructionContractorIndexes(city: SyntheticCity): number[] {
  const indexes: number[] = [];
  for (let i = 0; i < enterpriseCount(city); i++)
    if (enterpriseAt(city, i).industry === 'E') indexes.push(i);
  return indexes;
}

/**
 * 91 (a company) + the registering district + a 9-character body that encodes the index after a
 * seeded offset, so that codes are unique and look unrelated to each other.
 */
function creditCodeFor(seed: number, index: number, districtCode: string): string {
  let value = (index * 7_368_787 + (hash32(seed, 104) % 1_000_000)) % 31 ** 6;
  let body = '';
  for (let i = 0; i < 6; i++) {
    body = CREDIT_CODE_ALPHABET[value % 31] + body;
    value = Math.floor(value / 31);
  }
  return makeCreditCode(`91${districtCode}MA1${body}`);
}
