import type { CamelCased, LazyConnectionParent } from '@cityhub/kit';
/**
 * Row types at the repository boundary, what resolvers receive as parents. `…Columns` are what
 * PostgreSQL returns; stores that parse them hand out their camelCase records (`CamelCased`).
 */
export type EnterpriseStatus = 'OPERATING' | 'SUSPENDED' | 'CLOSED';
export type FilingStatus = 'OPEN' | 'SUBMITTED' | 'APPROVED' | 'REJECTED';
export type RegistrationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type IndicatorFigure = 'REVENUE' | 'OPERATING_PROFIT' | 'HEADCOUNT';
export type WarningBasis = 'PREVIOUS_MONTH' | 'SAME_MONTH_LAST_YEAR';

export interface DbEnterpriseRow {
  credit_code: string;
  name: string;
  legal_rep_person_id: string;
  industry: string;
  street_code: string;
  status: EnterpriseStatus;
  employee_count: number;
  registered_on: string;
}

export interface FilingColumns {
  id: number;
  code: string;
  credit_code: string;
  street_code: string;
  status: FilingStatus;
  opened_at: Date;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  review_reason: string | null;
}

export type DbFilingRow = CamelCased<FilingColumns>;

/** A person registered with a code, at a filing or a shop (see RegistrationBook). */
export interface RegistrantColumns {
  id: number;
  person_id: string;
  id_number: string;
  name: string;
  phone: string;
  origin_code: string;
  arrived_on: string | null;
  status: RegistrationStatus;
  registered_at: Date;
  decided_at: Date | null;
  decision_reason: string | null;
}

export type DbRegistrantRow = CamelCased<RegistrantColumns>;
export type DbRegistrationRow = CamelCased<RegistrantColumns & { filing_id: number }>;
export type DbShopStaffRow = CamelCased<RegistrantColumns & { shop_id: number }>;

export interface FilingEventColumns {
  id: number;
  filing_id: number;
  action:
    | 'OPENED'
    | 'REGISTRATIONS_APPROVED'
    | 'REGISTRATIONS_REJECTED'
    | 'SUBMITTED'
    | 'APPROVED'
    | 'REJECTED';
  actor_kind: string;
  actor_id: string;
  actor_person_id: string | null;
  registration_count: number | null;
  reason: string | null;
  at: Date;
}

export type DbFilingEventRow = CamelCased<FilingEventColumns>;

export interface ShopColumns {
  id: number;
  name: string;
  street_code: string;
  address: string;
  operator_person_id: string;
  credit_code: string | null;
  staff_code: string;
  registered_at: Date;
}

export type DbShopRow = CamelCased<ShopColumns>;

export interface DbIndicatorRow {
  credit_code: string;
  month: string;
  revenue: number;
  operating_profit: number;
  headcount: number;
}

export interface DbWarningRow {
  id: number;
  credit_code: string;
  street_code: string;
  month: string;
  figure: IndicatorFigure;
  basis: WarningBasis;
  previous_value: number;
  current_value: number;
  change_ratio: number;
  threshold: number;
  raised_at: Date;
}

/** Counts of filings by status and of the registrations on them, for one enterprise or street. */
export interface FilingCountsColumns {
  key: string;
  open: number;
  submitted: number;
  approved: number;
  rejected: number;
  registrations_pending: number;
  registrations_approved: number;
  resumed_enterprises: number;
}

export type FilingCountsRow = CamelCased<FilingCountsColumns>;

export interface RegistrationCountsRow {
  pending: number;
  approved: number;
  rejected: number;
  total: number;
}

export interface EnterpriseFilter {
  streetCodes: string[] | null;
  industry: string | null;
  status: EnterpriseStatus | null;
  namePrefix: string | null;
}

export type EnterpriseConnectionParent = LazyConnectionParent<DbEnterpriseRow>;
export type RegistrationConnectionParent = LazyConnectionParent<DbRegistrationRow>;
export type ShopConnectionParent = LazyConnectionParent<DbShopRow>;
export type WarningConnectionParent = LazyConnectionParent<DbWarningRow>;

export interface StreetParent {
  code: string;
}

export interface PersonParent {
  id: string;
}

export interface IndustryParent {
  code: string;
}

export interface ActorParent {
  kind: string;
  id: string;
  personId: string | null;
}

export interface ReceiptParent {
  registrationId: number;
  created: boolean;
  status: RegistrationStatus;
  registeredAt: Date;
  registeredWith: string;
}
