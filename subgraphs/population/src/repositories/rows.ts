import type { LazyConnectionParent } from '@cityhub/kit';

/**
 * Row types at the repository boundary: camelCase records as the stores select them (columns under
 * camelCase aliases), and what resolvers receive as parents.
 */
export interface DbDistrictRow {
  code: string;
  name: string;
}

export interface DbStreetRow {
  code: string;
  districtCode: string;
  name: string;
  kind: 'STREET' | 'TOWN';
  latitude: number;
  longitude: number;
}

/** A community with its counts (`community_counts`), read together so that a board of 957 communities costs no extra statement. */
export interface DbCommunityRow extends HealthCounts {
  code: string;
  streetCode: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface DbResidentRow {
  id: string;
  idNumber: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  phone: string;
  originCode: string;
  communityCode: string | null;
  address: string | null;
  healthCode: 'GREEN' | 'YELLOW' | 'RED';
  healthCodeChangedAt: Date;
}

export interface DbArrivalRow {
  id: number;
  personId: string;
  arrivedOn: string;
  fromCode: string;
  channel: 'RAIL' | 'ROAD' | 'AIR' | 'WATER';
  communityCode: string;
  streetCode: string;
}

/** Residents by health-code colour in one area. */
export interface HealthCounts {
  residents: number;
  green: number;
  yellow: number;
  red: number;
}

/** A count per area (or other key), as the counting statements return it. */
export interface KeyedTotal {
  key: string;
  total: number;
}

export interface RegionParent {
  code: string;
}

export interface ResidenceParent {
  communityCode: string;
  address: string;
  /** Whose residence it is, so that an unmasked address read names the person in the audit. */
  personId: string;
}

export type CommunityConnectionParent = LazyConnectionParent<DbCommunityRow>;

export interface ArrivalFilter {
  from: string;
  to: string;
  streetCode: string | null;
  communityCode: string | null;
  /** The streets a street-local caller is limited to; null for everyone else. */
  streetCodes: string[] | null;
}

export type ArrivalConnectionParent = LazyConnectionParent<DbArrivalRow>;
export type ResidentConnectionParent = LazyConnectionParent<DbResidentRow>;

/** What the resident listing of one community is narrowed to; null leaves a criterion out. */
export interface ResidentFilter {
  communityCode: string;
  /** A fragment of the name, matched anywhere in it. */
  nameContains: string | null;
  /** The start of the address: a road, lane or building lists its households. */
  addressStartsWith: string | null;
  healthCode: 'GREEN' | 'YELLOW' | 'RED' | null;
  /** Born on or before (the youngest age of the band). */
  bornOnOrBefore: string | null;
  /** Born after (one past the oldest age of the band). */
  bornAfter: string | null;
}
