/** Row types at the repository boundary: what PostgreSQL returns, and what resolvers receive as parents. */
export interface DbDistrictRow {
  code: string;
  name: string;
}

export interface DbStreetRow {
  code: string;
  district_code: string;
  name: string;
  kind: 'STREET' | 'TOWN';
  latitude: number;
  longitude: number;
}

/** A community with its counts (`community_counts`), read together so that a board of 957 communities costs no extra statement. */
export interface DbCommunityRow extends HealthCounts {
  code: string;
  street_code: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface DbResidentRow {
  id: string;
  id_number: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birth_date: string;
  phone: string;
  origin_code: string;
  community_code: string | null;
  address: string | null;
  health_code: 'GREEN' | 'YELLOW' | 'RED';
  health_code_changed_at: Date;
}

export interface DbArrivalRow {
  id: number;
  person_id: string;
  arrived_on: string;
  from_code: string;
  channel: 'RAIL' | 'ROAD' | 'AIR' | 'WATER';
  community_code: string;
  street_code: string;
}

/** Residents by health-code colour in one area. */
export interface HealthCounts {
  residents: number;
  green: number;
  yellow: number;
  red: number;
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

export interface CommunityConnectionParent {
  streetCode: string;
  limit: number;
  afterKey: string | null;
}

export interface ArrivalFilter {
  from: string;
  to: string;
  streetCode: string | null;
  communityCode: string | null;
  /** The streets a street-local caller is limited to; null for everyone else. */
  streetCodes: string[] | null;
}

export interface ArrivalConnectionParent {
  filter: ArrivalFilter;
  limit: number;
  afterKey: string | null;
  /** The page's rows plus one, fetched once however many fields ask. */
  rows: () => Promise<DbArrivalRow[]>;
}
