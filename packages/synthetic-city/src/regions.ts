/**
 * Real county-level division codes (GB/T 2260) used as household-registration origins, with the
 * share of Shanghai residents registered in each province (a rough picture of the city).
 */
export interface OriginRegion {
  code: string;
  name: string;
}

interface Province {
  name: string;
  share: number;
  counties: Array<[code: string, name: string]>;
}

const PROVINCES: Province[] = [
  {
    name: '上海市',
    share: 45,
    counties: [
      ['310104', '徐汇区'],
      ['310101', '黄浦区'],
      ['310105', '长宁区'],
      ['310106', '静安区'],
      ['310107', '普陀区'],
      ['310109', '虹口区'],
      ['310110', '杨浦区'],
      ['310112', '闵行区'],
      ['310113', '宝山区'],
      ['310115', '浦东新区'],
    ],
  },
  {
    name: '江苏省',
    share: 9,
    counties: [
      ['320102', '南京市玄武区'],
      ['320106', '南京市鼓楼区'],
      ['320505', '苏州市虎丘区'],
      ['320506', '苏州市吴中区'],
      ['320205', '无锡市锡山区'],
      ['321002', '扬州市广陵区'],
    ],
  },
  {
    name: '浙江省',
    share: 6,
    counties: [
      ['330102', '杭州市上城区'],
      ['330106', '杭州市西湖区'],
      ['330203', '宁波市海曙区'],
      ['330302', '温州市鹿城区'],
    ],
  },
  {
    name: '安徽省',
    share: 10,
    counties: [
      ['340102', '合肥市瑶海区'],
      ['340104', '合肥市蜀山区'],
      ['341302', '宿州市埇桥区'],
      ['340302', '蚌埠市龙子湖区'],
    ],
  },
  {
    name: '河南省',
    share: 5,
    counties: [
      ['410102', '郑州市中原区'],
      ['410105', '郑州市金水区'],
      ['411302', '南阳市宛城区'],
      ['411502', '信阳市浉河区'],
    ],
  },
  {
    name: '湖北省',
    share: 3,
    counties: [
      ['420102', '武汉市江岸区'],
      ['420103', '武汉市江汉区'],
      ['420104', '武汉市硚口区'],
      ['420106', '武汉市武昌区'],
      ['420111', '武汉市洪山区'],
      ['420902', '孝感市孝南区'],
      ['421102', '黄冈市黄州区'],
    ],
  },
  {
    name: '江西省',
    share: 4,
    counties: [
      ['360102', '南昌市东湖区'],
      ['361102', '上饶市信州区'],
    ],
  },
  {
    name: '四川省',
    share: 3,
    counties: [
      ['510104', '成都市锦江区'],
      ['510107', '成都市武侯区'],
    ],
  },
  {
    name: '山东省',
    share: 3,
    counties: [
      ['370102', '济南市历下区'],
      ['370202', '青岛市市南区'],
    ],
  },
  {
    name: '福建省',
    share: 2,
    counties: [
      ['350102', '福州市鼓楼区'],
      ['350203', '厦门市思明区'],
    ],
  },
  {
    name: '湖南省',
    share: 2,
    counties: [
      ['430102', '长沙市芙蓉区'],
      ['430104', '长沙市岳麓区'],
    ],
  },
  { name: '重庆市', share: 2, counties: [['500103', '渝中区']] },
  {
    name: '广东省',
    share: 1,
    counties: [
      ['440104', '广州市越秀区'],
      ['440304', '深圳市福田区'],
    ],
  },
  {
    name: '北京市',
    share: 1,
    counties: [
      ['110101', '东城区'],
      ['110105', '朝阳区'],
    ],
  },
  { name: '黑龙江省', share: 1, counties: [['230102', '哈尔滨市道里区']] },
  { name: '陕西省', share: 1, counties: [['610102', '西安市新城区']] },
  { name: '河北省', share: 1, counties: [['130102', '石家庄市长安区']] },
  { name: '山西省', share: 1, counties: [['140105', '太原市小店区']] },
];

export const ORIGIN_REGIONS: OriginRegion[] = PROVINCES.flatMap((province) =>
  province.counties.map(([code, name]) => ({
    code,
    name: province.name === name ? name : `${province.name}${name}`,
  })),
);

/** Each county's weight: its province's share spread evenly over the listed counties. */
export const ORIGIN_WEIGHTS: number[] = PROVINCES.flatMap((province) =>
  province.counties.map(() => province.share / province.counties.length),
);

/** Key regions (重点地区) of the demo, as division-code prefixes: Hubei province, as in February 2020. */
export const KEY_REGIONS: Array<{ prefix: string; name: string }> = [
  { prefix: '42', name: '湖北省' },
];

export function isKeyRegion(code: string): boolean {
  return KEY_REGIONS.some(({ prefix }) => code.startsWith(prefix));
}

export const KEY_REGION_COUNTIES: OriginRegion[] = ORIGIN_REGIONS.filter(({ code }) =>
  isKeyRegion(code),
);

export function originName(code: string): string | null {
  return ORIGIN_REGIONS.find((region) => region.code === code)?.name ?? null;
}
