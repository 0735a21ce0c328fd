import type { CamelCased, LazyConnectionParent } from '@cityhub/kit';
/**
 * Row types at the repository boundary, what resolvers receive as parents. `…Columns` are what
 * PostgreSQL returns; the stores parse them into camelCase records (`CamelCased`). Sites keep their
 * column names until the seed (which writes them) moves too.
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
  street_code: string;
  latitude: number;
  longitude: number;
  contractor_credit_code: string | null;
  capacity: number | null;
  /** Present only on rows of a `near` search. */
  distance_meters?: number;
}

export interface DailyReportColumns {
  id: number;
  site_id: string;
  report_date: string;
  version: number;
  submitted_at: Date;
  submitted_by: string;
  superseded_at: Date | null;
  headcount: number;
  new_arrival_count: number;
  previous_report_date: string | null;
}

export type DbDailyReportRow = CamelCased<DailyReportColumns>;

export interface ReportWorkerColumns {
  report_id: number;
  position: number;
  person_id: string;
  id_number: string;
  name: string;
  origin_code: string;
  from_key_region: boolean;
  arrived_on: string;
  is_new: boolean;
}

export type DbReportWorkerRow = CamelCased<ReportWorkerColumns>;

export interface ScreeningCaseColumns {
  id: number;
  site_id: string;
  street_code: string;
  person_id: string;
  worker_name: string;
  origin_code: string;
  arrived_on: string;
  report_date: string;
  reason: string;
  status: ScreeningStatus;
  opened_at: Date;
  certificate_number: string | null;
  checked_by: string | null;
  checked_at: Date | null;
  note: string | null;
}

export type DbScreeningCaseRow = CamelCased<ScreeningCaseColumns>;

export interface OriginCountColumns {
  report_id: number;
  origin_code: string;
  from_key_region: boolean;
  workers: number;
  new_arrivals: number;
}

export type DbOriginCountRow = CamelCased<OriginCountColumns>;

/** A new key-region arrival: the worker's first appearance as new on a site. */
export interface WorkerArrivalColumns {
  person_id: string;
  site_id: string;
  arrived_on: string;
  origin_code: string;
  report_date: string;
}

export type DbWorkerArrivalRow = CamelCased<WorkerArrivalColumns>;

export interface SiteAssignmentColumns {
  person_id: string;
  site_id: string;
  street_code: string;
  first_reported_on: string;
  last_reported_on: string;
  arrived_on: string;
}

export type DbSiteAssignmentRow = CamelCased<SiteAssignmentColumns>;

export interface VenueCountColumns {
  site_id: string;
  hour: Date;
  visitors: number;
  capacity: number;
}

export type DbVenueCountRow = CamelCased<VenueCountColumns>;

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
