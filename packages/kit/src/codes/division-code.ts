/**
 * Administrative division codes (GB/T 2260, and GB/T 10114 below the county): a district is 6
 * digits (310104), a street or town 9 (310104003), and a residential community in this hub
 * 13: its street's code and a 4-digit number.
 */
export type DivisionLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY';

const LENGTHS: Record<DivisionLevel, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 13 };

export function divisionCodeProblem(value: string, level?: DivisionLevel): string | null {
  if (!/^\d+$/.test(value)) return 'must contain digits only';
  if (level) {
    return value.length === LENGTHS[level]
      ? null
      : `must be ${LENGTHS[level]} digits for a ${level.toLowerCase()}`;
  }
  return Object.values(LENGTHS).includes(value.length) ? null : 'must be 6, 9 or 13 digits';
}

export function divisionLevelOf(code: string): DivisionLevel | null {
  const entry = Object.entries(LENGTHS).find(([, length]) => length === code.length);
  return entry ? (entry[0] as DivisionLevel) : null;
}

/** The street (9 digits) a community (12 digits) belongs to: the division code's own hierarchy. */
export function streetOfCommunity(communityCode: string): string {
  return communityCode.slice(0, 9);
}

/** The district (6 digits) a street or community belongs to. */
export function districtOf(code: string): string {
  return code.slice(0, 6);
}
