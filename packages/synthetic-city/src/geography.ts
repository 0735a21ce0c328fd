import { SHANGHAI_DISTRICTS, XUHUI_STREETS, street } from './districts.js';
import { GENERIC_STREET_STEMS, NAME_STEMS, NAME_SUFFIXES } from './place-names.js';
import { Random, hash32 } from './random.js';

export { SHANGHAI_DISTRICTS, XUHUI_STREETS } from './districts.js';

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
