/** Row types at the repository boundary: what PostgreSQL returns, and what resolvers receive as parents. */
import type { Contribution, RiskLevel } from '../model/scoring.js';
import type { IndicatorDefinition } from '../model/indicators.js';

export type CaseKind =
  'CONFIRMED' | 'SUSPECTED' | 'CLOSE_CONTACT' | 'HOME_QUARANTINE' | 'FEVER_CLINIC_VISIT';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type RunTrigger = 'SCHEDULE' | 'OFFICIAL' | 'COMMAND_LINE';
export type FlagStatus = 'OPEN' | 'CONFIRMED' | 'FALSE_ALARM';
export type CreditGrade = 'A' | 'B' | 'C' | 'D';

export interface DbCaseReportRow {
  id: number;
  record_id: string;
  person_id: string;
  kind: CaseKind;
  reported_on: string;
  ends_on: string | null;
  community_code: string;
  street_code: string;
  received_at: Date;
}

export interface DbRiskModelRow {
  version: number;
  note: string;
  indicators: IndicatorDefinition[];
  published_by: string;
  published_at: Date;
}

/** Whether one input of a run could be read, and from where. */
export interface SourceStatus {
  name: string;
  available: boolean;
  detail: string;
  records: number;
}

export interface DbRiskRunRow {
  id: number;
  assessed_on: string;
  model_version: number;
  status: RunStatus;
  trigger: RunTrigger;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  communities_assessed: number;
  sources: SourceStatus[];
  error: string | null;
}

export interface DbAssessmentRow {
  assessed_on: string;
  community_code: string;
  street_code: string;
  district_code: string;
  run_id: number;
  model_version: number;
  score: number;
  level: RiskLevel;
  weight_covered: number;
  resident_count: number;
  contributions: Contribution[];
}

export interface DbAssessmentPointRow {
  community_code: string;
  score: number;
  level: RiskLevel;
}

export interface DbLevelChangeRow {
  community_code: string;
  street_code: string;
  level: RiskLevel;
  previous_level: RiskLevel;
  score: number;
  previous_score: number;
}

export interface LevelCounts {
  key: string;
  red: number;
  yellow: number;
  blue: number;
}

export interface DbDwellingRow {
  id: number;
  community_code: string;
  street_code: string;
  address: string;
  floor_area: number;
  registered_residents: number;
}

export interface DbReadingRow {
  dwelling_id: number;
  month: string;
  water_m3: number;
  electricity_kwh: number;
  gas_m3: number;
  deliveries: number;
}

export interface DbGroupRentalFlagRow {
  id: number;
  dwelling_id: number;
  month: string;
  community_code: string;
  street_code: string;
  usage_ratio: number;
  estimated_occupants: number;
  evidence: GroupRentalEvidenceRow;
  status: FlagStatus;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  flagged_at: Date;
}

/** What a flag rests on: the month's use set against what the registered residents explain. */
export interface GroupRentalEvidenceRow {
  registeredResidents: number;
  waterM3: number;
  electricityKwh: number;
  gasM3: number;
  deliveries: number;
  /** Occupants each utility's use implies, from per-person norms. */
  occupantsByWater: number;
  occupantsByElectricity: number;
  occupantsByGas: number;
  occupantsByDeliveries: number;
}

export interface CreditFactorRow {
  code: string;
  name: string;
  nameZh: string;
  value: number;
  points: number;
}

export interface DbEnterpriseCreditRow {
  credit_code: string;
  score: number;
  grade: CreditGrade;
  factors: CreditFactorRow[];
  sources: SourceStatus[];
  run_id: number;
  computed_at: Date;
}

/** Parents of entity stubs this subgraph extends. */
export interface CommunityParent {
  code: string;
}
export interface StreetParent {
  code: string;
}
export interface DistrictParent {
  code: string;
}
export interface EnterpriseParent {
  creditCode: string;
}

export interface RiskSummaryParent {
  streetCode: string;
  date: string | null;
  counts: LevelCounts | null;
}

export interface RiskMapParent {
  districtCode: string;
  date: string;
}

export interface CaseReportFilter {
  from: string;
  to: string;
  kind: CaseKind | null;
  streetCode: string | null;
  communityCode: string | null;
  /** Street-local callers see only their streets' reports. */
  streets: string[] | null;
}

export interface CaseReportConnectionParent {
  filter: CaseReportFilter;
  limit: number;
  afterKey: string | null;
  rows: () => Promise<DbCaseReportRow[]>;
}

export interface FlagFilter {
  streetCode: string | null;
  status: FlagStatus | null;
  month: string | null;
  streets: string[] | null;
}

export interface FlagConnectionParent {
  filter: FlagFilter;
  limit: number;
  afterKey: string | null;
  rows: () => Promise<DbGroupRentalFlagRow[]>;
}

export interface RunConnectionParent {
  limit: number;
  afterKey: string | null;
  rows: () => Promise<DbRiskRunRow[]>;
}

/** An indicator's contribution with the model it belongs to, so that the indicator can be named. */
export interface ContributionParent extends Contribution {
  modelVersion: number;
}
