import { makeResidentId } from '@cityhub/kit';
import {
  ORIGIN_REGIONS,
  ORIGIN_WEIGHTS,
  addDays,
  type Random,
  type SyntheticCity,
} from '@cityhub/synthetic-city';

export interface GeneratedPassenger {
  /** An ID number; the seed stores only its hub person id. */
  idNumber: string;
  originCode: string;
}

const OUTSIDE_SHANGHAI = ORIGIN_REGIONS.map((region, i) => ({
  region,
  weight: ORIGIN_WEIGHTS[i]!,
})).filter(({ region }) => !region.code.startsWith('31'));
export const SHANGHAI = ORIGIN_REGIONS.filter((region) => region.code.startsWith('31'));
const PLATE_PROVINCES: Record<string, string> = {
  '11': '京',
  '13': '冀',
  '14': '晋',
  '23': '黑',
  '31': '沪',
  '32': '苏',
  '33': '浙',
  '34': '皖',
  '35': '闽',
  '36': '赣',
  '37': '鲁',
  '41': '豫',
  '42': '鄂',
  '43': '湘',
  '44': '粤',
  '50': '渝',
  '51': '川',
  '61': '陕',
};
const PLATE_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
/** Share of listed travellers who live in the district; the rest are visitors. */
const RESIDENT_SHARE = 0.2;

/** Splits a whole number by weights so that the parts are whole and add up exactly (largest remainder). */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

/** An origin outside Shanghai, weighted as arrivals come. */
export function outsideOrigin(random: Random): string {
  return random.weighted(
    OUTSIDE_SHANGHAI,
    OUTSIDE_SHANGHAI.map(({ weight }) => weight),
  ).region.code;
}

/** A district resident (the same person population holds) or a visitor with a valid ID number. */
export function traveller(
  city: SyntheticCity,
  random: Random,
  originCode: string,
): GeneratedPassenger {
  if (random.chance(RESIDENT_SHARE))
    return { idNumber: city.person(random.int(city.residentCount)).idNumber, originCode };
  const birthDate = addDays('1950-01-01', random.int(20_000));
  return { idNumber: makeResidentId(originCode, birthDate, random.int(1000)), originCode };
}

/** A plausible plate of a vehicle from `originCode`'s province. */
export function plateFor(random: Random, originCode: string): string {
  const province = PLATE_PROVINCES[originCode.slice(0, 2)] ?? '沪';
  let tail = '';
  for (let i = 0; i < 5; i++) tail += PLATE_CHARACTERS[random.int(PLATE_CHARACTERS.length)];
  return `${province}${String.fromCharCode(65 + random.int(8))}${tail}`;
}
