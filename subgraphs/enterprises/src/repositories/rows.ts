import type { LazyConnectionParent } from '@cityhub/kit';
/**
 * Row types at the repository boundary, what resolvers receive as parents. Records are camelCase;
 * the stores map PostgreSQL's rows into them (kit `recordsOf`).
 */
export type EnterpriseStatus = 'OPERATING' | 'SUSPENDED' | 'CLOSED';
export type FilingStatus = 'OPEN' | 'SUBMITTED' | 'APPROVED' | 'REJECTED';
export type RegistrationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type IndicatorFigure = 'REVENUE' | 'OPERATING_PROFIT' | 'HEADCOUNT';
export type WarningBasis = 'PREVIOUS_MONTH' | 'SAME_MONTH_LAST_YEAR';

export interface DbEnterpriseRow {
  creditCode: string;
  name: string;
  legalRepPersonId: string;
  industry: string;
  streetCode: string;
  status: EnterpriseStatus;
  employeeCount: number;
  registeredOn: string;
}

export interface DbFilingRow {
  id: number;
  code: string;
  creditCode: string;
  streetCode: string;
  status: FilingStatus;
  openedAt: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewReason: string | null;
}

/** A person registered with a code, at a filing or a shop (see RegistrationBook). */
export interface DbRegistrantRow {
  id: number;
  personId: string;
  idNumber: string;
  name: string;
  phone: string;
  originCode: string;
  arrivedOn: string | null;
  status: RegistrationStatus;
  registeredAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
}
export type DbRegistrationRow = DbRegistrantRow & { filingId: number };
export type DbShopStaffRow = DbRegistrantRow & { shopId: number };

export interface DbFilingEventRow {
  id: number;
  filingId: number;
  action:
    | 'OPENED'
    | 'REGISTRATIONS_APPROVED'
    | 'REGISTRATIONS_REJECTED'
    | 'SUBMITTED'
    | 'APPROVED'
    | 'REJECTED';
  actorKind: string;
  actorId: string;
  actorPersonId: string | null;
  registrationCount: number | null;
  reason: string | null;
  at: Date;
}

export interface DbShopRow {
  id: number;
  name: string;
  streetCode: string;
  address: string;
  operatorPersonId: string;
  creditCode: string | null;
  staffCode: string;
  registeredAt: Date;
}

export interface DbIndicatorRow {
  creditCode: string;
  month: string;
  revenue: number;
  operatingProfit: number;
  headcount: number;
}

export interface DbWarningRow {
  id: number;
  creditCode: string;
  streetCode: string;
  month: string;
  figure: IndicatorFigure;
  basis: WarningBasis;
  previousValue: number;
  currentValue: number;
  changeRatio: number;
  threshold: number;
  raisedAt: Date;
}

/** Counts of filings by status and of the registrations on them, for one enterprise or street. */
export interface FilingCountsRow {
  key: string;
  open: number;
  submitted: number;
  approved: number;
  rejected: number;
  registrationsPending: number;
  registrationsApproved: number;
  resumedEnterprises: number;
}

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
