/**
 * Records at the repository boundary: the rows PostgreSQL returns, with camelCase names (the stores
 * map them), and what resolvers receive as parents.
 */
import type { LazyConnectionParent } from '@cityhub/kit';
import type { IndicatorDefinition } from '../managers/risk-model.js';
import type { Contribution, RiskLevel } from '../managers/scoring.js';

export type CaseKind =
  'CONFIRMED' | 'SUSPECTED' | 'CLOSE_CONTACT' | 'HOME_QUARANTINE' | 'FEVER_CLINIC_VISIT';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type RunTrigger = 'SCHEDULE' | 'OFFICIAL' | 'COMMAND_LINE';
export type FlagStatus = 'OPEN' | 'CONFIRMED' | 'FALSE_ALARM';
export type CreditGrade = 'A' | 'B' | 'C' | 'D';

export interface DbCaseReportRow {
  id: number;
  recordId: string;
  personId: string;
  kind: CaseKind;
  reportedOn: string;
  endsOn: string | null;
  communityCode: string;
  streetCode: string;
  receivedAt: Date;
}

export interface DbRiskModelRow {
  version: number;
  note: string;
  indicators: IndicatorDefinition[];
  publishedBy: string;
  publishedAt: Date;
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
  assessedOn: string;
  modelVersion: number;
  status: RunStatus;
  trigger: RunTrigger;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  communitiesAssessed: number;
  sources: SourceStatus[];
  error: string | null;
}

export interface DbAssessmentRow {
  assessedOn: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  runId: number;
  modelVersion: number;
  score: number;
  level: RiskLevel;
  weightCovered: number;
  residentCount: number;
  contributions: Contribution[];
}

export interface DbAssessmentPointRow {
  communityCode: string;
  score: number;
  level: RiskLevel;
}

export interface DbLevelChangeRow {
  communityCode: string;
  streetCode: string;
  level: RiskLevel;
  previousLevel: RiskLevel;
  score: number;
  previousScore: number;
}

export interface LevelCounts {
  key: string;
  red: number;
  yellow: number;
  blue: number;
}

export interface DbDwellingRow {
  id: number;
  communityCode: string;
  streetCode: string;
  address: string;
  floorArea: number;
  registeredResidents: number;
}

export interface DbReadingRow {
  dwellingId: number;
  month: string;
  waterM3: number;
  electricityKwh: number;
  gasM3: number;
  deliveries: number;
}

export interface DbGroupRentalFlagRow {
  id: number;
  dwellingId: number;
  month: string;
  communityCode: string;
  streetCode: string;
  usageRatio: number;
  estimatedOccupants: number;
  evidence: GroupRentalEvidenceRow;
  status: FlagStatus;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  flaggedAt: Date;
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
  creditCode: string;
  score: number;
  grade: CreditGrade;
  factors: CreditFactorRow[];
  sources: SourceStatus[];
  runId: number;
  computedAt: Date;
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

export type CaseReportConnectionParent = LazyConnectionParent<DbCaseReportRow>;

export interface FlagFilter {
  streetCode: string | null;
  status: FlagStatus | null;
  month: string | null;
  streets: string[] | null;
}

export type FlagConnectionParent = LazyConnectionParent<DbGroupRentalFlagRow>;

export type RunConnectionParent = LazyConnectionParent<DbRiskRunRow>;

/** An indicator's contribution with the model it belongs to, so that the indicator can be named. */
export interface ContributionParent extends Contribution {
  modelVersion: number;
}
