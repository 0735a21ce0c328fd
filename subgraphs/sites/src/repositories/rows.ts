import type { LazyConnectionParent } from '@cityhub/kit';
/**
 * Row types at the repository boundary, what resolvers receive as parents. Records are camelCase;
 * the stores map PostgreSQL's rows into them (kit `recordsOf`).
 */
export type SiteKind = 'CONSTRUCTION' | 'MARKET' | 'MALL' | 'STATION_HALL';
export type SiteStatus = 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
export type ScreeningStatus = 'OPEN' | 'VERIFIED' | 'CLEARED';

export interface DbSiteRow {
  id: string;
  kind: SiteKind;
  name: string;
  project: string | null;
  status: SiteStatus;
  address: string;
  streetCode: string;
  latitude: number;
  longitude: number;
  contractorCreditCode: string | null;
  capacity: number | null;
  /** Present only on rows of a `near` search. */
  distanceMeters?: number;
}

export interface DbDailyReportRow {
  id: number;
  siteId: string;
  reportDate: string;
  version: number;
  submittedAt: Date;
  submittedBy: string;
  supersededAt: Date | null;
  headcount: number;
  newArrivalCount: number;
  previousReportDate: string | null;
}

export interface DbReportWorkerRow {
  reportId: number;
  position: number;
  personId: string;
  idNumber: string;
  name: string;
  originCode: string;
  fromKeyRegion: boolean;
  arrivedOn: string;
  isNew: boolean;
}

export interface DbScreeningCaseRow {
  id: number;
  siteId: string;
  streetCode: string;
  personId: string;
  workerName: string;
  originCode: string;
  arrivedOn: string;
  reportDate: string;
  reason: string;
  status: ScreeningStatus;
  openedAt: Date;
  certificateNumber: string | null;
  checkedBy: string | null;
  checkedAt: Date | null;
  note: string | null;
}

export interface DbOriginCountRow {
  reportId: number;
  originCode: string;
  fromKeyRegion: boolean;
  workers: number;
  newArrivals: number;
}

/** A new key-region arrival: the worker's first appearance as new on a site. */
export interface DbWorkerArrivalRow {
  personId: string;
  siteId: string;
  arrivedOn: string;
  originCode: string;
  reportDate: string;
}

export interface DbSiteAssignmentRow {
  personId: string;
  siteId: string;
  streetCode: string;
  firstReportedOn: string;
  lastReportedOn: string;
  arrivedOn: string;
}

export interface DbVenueCountRow {
  siteId: string;
  hour: Date;
  visitors: number;
  capacity: number;
}

export interface SiteFilter {
  /** null: every street; otherwise only these (a street-local caller's streets, or the one asked for). */
  streetCodes: string[] | null;
  kind: SiteKind | null;
  status: SiteStatus | null;
  name: string | null;
  near: { latitude: number; longitude: number; radiusMeters: number } | null;
}

export type SiteConnectionParent = LazyConnectionParent<DbSiteRow>;

export interface ScreeningCaseFilter {
  streetCodes: string[] | null;
  siteId: string | null;
  status: ScreeningStatus | null;
}

export type ScreeningCaseConnectionParent = LazyConnectionParent<DbScreeningCaseRow>;

export interface SubmitDailyReportParent {
  report: DbDailyReportRow;
  openedScreeningCases: DbScreeningCaseRow[];
}

export type VenueHourParent = DbVenueCountRow;

export interface StreetParent {
  code: string;
}

export interface EnterpriseParent {
  creditCode: string;
}

export interface PersonParent {
  id: string;
}
