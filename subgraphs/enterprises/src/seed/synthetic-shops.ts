import { personIdFor, type CopyValue } from '@cityhub/kit';
import { Random, addDays, enterpriseAt, hash32, type SyntheticCity } from '@cityhub/synthetic-city';
import { seededCode } from '../rules/registration-codes.js';
import { at, registrationRow } from './synthetic-enterprise-data.js';

/** Xuhui registered 20,323 shop staff; about 3.5 a shop. */
const SHOP_STAFF_IN_A_DISTRICT = 20_323;
const SHOP_KINDS = [
  '便利店',
  '面馆',
  '水果店',
  '理发店',
  '药房',
  '早餐店',
  '洗衣店',
  '花店',
  '文具店',
  '咖啡馆',
];
const SHOP_STEMS = [
  '好邻居',
  '老街坊',
  '鲜丰',
  '百味',
  '康乐',
  '如意',
  '阿婆',
  '新天地',
  '乐活',
  '晨光',
];

export function shopCount(city: SyntheticCity): number {
  return Math.max(
    city.geography.streets.length,
    Math.round((SHOP_STAFF_IN_A_DISTRICT / 3.5) * (city.residentCount / 1_100_000)),
  );
}

export function shopRows(
  city: SyntheticCity,
  index: number,
  personIdKey: string,
  enterpriseTotal: number,
): { shop: CopyValue[]; staff: CopyValue[][] } {
  const random = new Random(city.seed, index, 301);
  const streets = city.geography.streets;
  const street = streets[index % streets.length]!;
  const shopId = index + 1;
  const operator = city.person(hash32(city.seed, index, 302) % city.residentCount);
  const registeredOn = addDays(city.referenceDate, -random.between(5, 60));
  const creditCode = random.chance(0.3)
    ? enterpriseAt(city, hash32(city.seed, index, 303) % enterpriseTotal).creditCode
    : null;
  const shop = [
    shopId,
    `${random.pick(SHOP_STEMS)}${random.pick(SHOP_KINDS)}（${street.roads[0]}店）`,
    street.code,
    `${random.pick(street.roads)}${random.between(1, 999)}号`,
    personIdFor(operator.idNumber, personIdKey),
    creditCode,
    seededCode(personIdKey, `shop:${city.seed}:${index}`),
    at(registeredOn, 9),
  ];
  const staff: CopyValue[][] = [];
  const seen = new Set<string>();
  const wanted = random.between(1, 6);
  for (let k = 0; k < wanted * 2 && seen.size < wanted; k++) {
    const person = city.person(hash32(city.seed, index, 304, k) % city.residentCount);
    const personId = personIdFor(person.idNumber, personIdKey);
    if (seen.has(personId)) continue;
    seen.add(personId);
    const status = random.chance(0.1) ? 'PENDING' : 'APPROVED';
    staff.push(
      registrationRow(shopId, personId, person, status, {
        registeredAt: at(registeredOn, 11),
        decidedAt: status === 'PENDING' ? null : at(registeredOn, 18),
        reason: null,
      }),
    );
  }
  return { shop, staff };
}
