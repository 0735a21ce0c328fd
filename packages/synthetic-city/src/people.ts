import { makeResidentId } from '@cityhub/kit';
import type { CommunitySpec, Geography, StreetSpec } from './geography.js';
import { GIVEN_NAME_CHARACTERS, SURNAMES, SURNAME_WEIGHTS } from './names.js';
import { ORIGIN_REGIONS, ORIGIN_WEIGHTS, KEY_REGION_COUNTIES, isKeyRegion } from './regions.js';
import { Random, addDays, hash32 } from './random.js';

export type HealthCode = 'GREEN' | 'YELLOW' | 'RED';
export type ArrivalChannel = 'RAIL' | 'ROAD' | 'AIR' | 'WATER';

export interface SyntheticPerson {
  index: number;
  idNumber: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  phone: string;
  originCode: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  address: string;
  healthCode: HealthCode;
  healthCodeChangedOn: string;
  /** An arrival from a key region within the last four weeks, for about 4% of residents. */
  arrival: { arrivedOn: string; fromCode: string; channel: ArrivalChannel } | null;
}

// Birth dates come from an injective map of the person index, so that no two people share an ID.
const BIRTH_RANGE_START = '1930-06-01';
const BIRTH_RANGE_DAYS = 34_000;
const DAY_STRIDE = 7919; // prime, coprime with BIRTH_RANGE_DAYS
const INDEX_SPACE = 2 ** 25; // 33.5 million people: above a megacity
const PHONE_PREFIXES = [
  '130',
  '131',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '155',
  '158',
  '159',
  '177',
  '180',
  '186',
  '187',
  '189',
  '199',
];

/**
 * Resolves a person index to a residence: the population is spread over the communities by a
 * weighted table, built once per geography.
 */
export class ResidenceTable {
  private readonly cumulative: Float64Array;
  private readonly streetsByCode: Map<string, StreetSpec>;
  constructor(
    readonly geography: Geography,
    readonly seed: number,
  ) {
    this.cumulative = new Float64Array(geography.communities.length);
    let total = 0;
    for (const community of geography.communities) {
      total += 0.4 + (hash32(seed, community.index, 11) % 1000) / 625; // community sizes vary about 1:5
      this.cumulative[community.index] = total;
    }
    this.streetsByCode = new Map(geography.streets.map((street) => [street.code, street]));
  }
  communityFor(roll: number): CommunitySpec {
    const target = roll * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return this.geography.communities[low]!;
  }
  street(code: string): StreetSpec {
    return this.streetsByCode.get(code)!;
  }
}

/** The person with this index: the same seed and index always give the same person. */
export function personAt(
  seed: number,
  index: number,
  residences: ResidenceTable,
  referenceDate: string,
): SyntheticPerson {
  const random = new Random(seed, index, 1);
  const slot = (Math.imul(index, 0x2c9277b5 | 1) + hash32(seed)) & (INDEX_SPACE - 1);
  const sequence = slot % 1000;
  const dayIndex = (Math.floor(slot / 1000) * DAY_STRIDE) % BIRTH_RANGE_DAYS;
  const birthDate = addDays(BIRTH_RANGE_START, dayIndex);
  const originCode = random.weighted(ORIGIN_REGIONS, ORIGIN_WEIGHTS).code;
  const idNumber = makeResidentId(originCode, birthDate, sequence);
  const gender = sequence % 2 === 1 ? 'MALE' : 'FEMALE';
  const surname = random.weighted(SURNAMES, SURNAME_WEIGHTS);
  const given =
    random.pick(GIVEN_NAME_CHARACTERS) +
    (random.chance(0.7) ? random.pick(GIVEN_NAME_CHARACTERS) : '');
  const community = residences.communityFor(random.next());
  const street = residences.street(community.streetCode);
  const address = `${street.roads[random.int(street.roads.length)]}${random.between(1, 900)}弄${random.between(1, 12)}号${random.between(1, 6)}0${random.between(1, 4)}室`;
  const healthRoll = random.next();
  const healthCode: HealthCode =
    healthRoll < 0.005 ? 'RED' : healthRoll < 0.03 ? 'YELLOW' : 'GREEN';
  const healthCodeChangedOn = addDays(
    referenceDate,
    -(healthCode === 'GREEN' ? random.between(14, 60) : random.between(0, 13)),
  );
  let arrival: SyntheticPerson['arrival'] = null;
  if (random.chance(0.04)) {
    const fromCode = isKeyRegion(originCode) ? originCode : random.pick(KEY_REGION_COUNTIES).code;
    const channel = random.weighted<ArrivalChannel>(
      ['RAIL', 'ROAD', 'AIR', 'WATER'],
      [60, 28, 11, 1],
    );
    arrival = { arrivedOn: addDays(referenceDate, -random.between(0, 27)), fromCode, channel };
  }
  return {
    index,
    idNumber,
    name: surname + given,
    gender,
    birthDate,
    phone: random.pick(PHONE_PREFIXES) + String(random.int(100_000_000)).padStart(8, '0'),
    originCode,
    communityCode: community.code,
    streetCode: community.streetCode,
    districtCode: community.districtCode,
    address,
    healthCode,
    healthCodeChangedOn,
    arrival,
  };
}
