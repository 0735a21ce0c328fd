import {
  countLoaderByArguments,
  groupLoader,
  groupLoaderByArguments,
  rowLoader,
  rowLoaderOr,
} from '@cityhub/kit';
import type { EnterpriseStore } from './repositories/enterprise-store.js';
import type { FilingStore } from './repositories/filing-store.js';
import type { IndicatorStore } from './repositories/indicator-store.js';
import type { ShopStore } from './repositories/shop-store.js';
import type {
  EnterpriseFilter,
  EnterpriseStatus,
  FilingCountsRow,
  RegistrationCountsRow,
  RegistrationStatus,
} from './repositories/rows.js';

export type StreetEnterpriseFilter = Omit<EnterpriseFilter, 'streetCodes'>;

const NO_FILINGS: Omit<FilingCountsRow, 'key'> = {
  open: 0,
  submitted: 0,
  approved: 0,
  rejected: 0,
  registrationsPending: 0,
  registrationsApproved: 0,
  resumedEnterprises: 0,
};
const NO_REGISTRATIONS: RegistrationCountsRow = { pending: 0, approved: 0, rejected: 0, total: 0 };

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createEnterpriseLoaders(
  enterprises: EnterpriseStore,
  filings: FilingStore,
  shops: ShopStore,
  indicators: IndicatorStore,
) {
  return {
    enterpriseByCode: rowLoader(
      (codes: readonly string[]) => enterprises.enterprisesByCodes(codes),
      (row) => row.creditCode,
    ),
    enterprisesByRepresentative: groupLoader(
      (ids: readonly string[]) => enterprises.enterprisesByRepresentatives(ids),
      (row) => row.legalRepPersonId,
    ),
    enterprisePageByStreet: groupLoaderByArguments(
      'streetCode',
      (
        streets,
        {
          filter,
          limit,
          afterKey,
        }: {
          streetCode: string;
          filter: StreetEnterpriseFilter;
          limit: number;
          afterKey: string | null;
        },
      ) => enterprises.enterprisePagesByStreets(streets, filter, limit, afterKey),
      (row) => row.streetCode,
    ),
    enterpriseTotalByStreet: countLoaderByArguments(
      'streetCode',
      (streets, { filter }: { streetCode: string; filter: StreetEnterpriseFilter }) =>
        enterprises.enterpriseTotalsByStreets(streets, filter),
      (row) => row.streetCode,
    ),
    enterpriseCountsByStreet: rowLoaderOr(
      (codes: readonly string[]) => enterprises.enterpriseCountsByStreets(codes),
      (row) => row.key,
      (key) => ({ key, total: 0, operating: 0 }),
    ),
    filingById: rowLoader(
      (ids: readonly number[]) => filings.filingsByIds(ids),
      (row) => row.id,
    ),
    filingByCode: rowLoader(
      (codes: readonly string[]) => filings.filingsByCodes(codes),
      (row) => row.code,
    ),
    filingsByEnterprise: groupLoader(
      (codes: readonly string[]) => filings.filingsByEnterprises(codes),
      (row) => row.creditCode,
    ),
    filingCountsByEnterprise: rowLoaderOr(
      (codes: readonly string[]) => filings.filingCountsBy('credit_code', codes),
      (row) => row.key,
      (key) => ({ key, ...NO_FILINGS }),
    ),
    filingCountsByStreet: rowLoaderOr(
      (codes: readonly string[]) => filings.filingCountsBy('street_code', codes),
      (row) => row.key,
      (key) => ({ key, ...NO_FILINGS }),
    ),
    registrationPage: groupLoaderByArguments(
      'filingId',
      (
        ids,
        {
          status,
          limit,
          afterId,
        }: {
          filingId: number;
          status: RegistrationStatus | null;
          limit: number;
          afterId: number | null;
        },
      ) => filings.registrationPagesByFilings(ids, status, limit, afterId),
      (row) => row.filingId,
    ),
    registrationCountsByFiling: rowLoaderOr(
      (ids: readonly number[]) => filings.registrationCountsByFilings(ids),
      (row) => row.filingId,
      (filingId) => ({ filingId, ...NO_REGISTRATIONS }),
    ),
    eventsByFiling: groupLoader(
      (ids: readonly number[]) => filings.eventsByFilings(ids),
      (row) => row.filingId,
    ),
    shopById: rowLoader(
      (ids: readonly number[]) => shops.shopsByIds(ids),
      (row) => row.id,
    ),
    shopByStaffCode: rowLoader(
      (codes: readonly string[]) => shops.shopsByStaffCodes(codes),
      (row) => row.staffCode,
    ),
    shopsByEnterprise: groupLoader(
      (codes: readonly string[]) => shops.shopsByEnterprises(codes),
      (row) => row.creditCode ?? '',
    ),
    shopPageByStreet: groupLoaderByArguments(
      'streetCode',
      (
        streets,
        { limit, afterId }: { streetCode: string; limit: number; afterId: number | null },
      ) => shops.shopPagesByStreets(streets, limit, afterId),
      (row) => row.streetCode,
    ),
    staffByShop: groupLoader(
      (ids: readonly number[]) => shops.staffByShops(ids),
      (row) => row.shopId,
    ),
    staffCountsByShop: rowLoaderOr(
      (ids: readonly number[]) => shops.staffCountsByShops(ids),
      (row) => row.shopId,
      (shopId) => ({ shopId, ...NO_REGISTRATIONS }),
    ),
    shopCountsByStreet: rowLoaderOr(
      (codes: readonly string[]) => shops.shopCountsByStreets(codes),
      (row) => row.key,
      (key) => ({ key, shops: 0, staffRegistered: 0, staffApproved: 0 }),
    ),
    indicatorsByEnterprise: groupLoaderByArguments(
      'creditCode',
      (codes, { months }: { creditCode: string; months: number }) =>
        indicators.latestByEnterprises(codes, months),
      (row) => row.creditCode,
    ),
    warningsByEnterprise: groupLoader(
      (codes: readonly string[]) => indicators.warningsByEnterprises(codes),
      (row) => row.creditCode,
    ),
    warningCountSince: countLoaderByArguments(
      'creditCode',
      (codes, { since }: { creditCode: string; since: string }) =>
        indicators.warningCountsSince(codes, since),
      (row) => row.creditCode,
    ),
    warningPageByStreet: groupLoaderByArguments(
      'streetCode',
      (
        streets,
        {
          since,
          limit,
          afterKey,
        }: { streetCode: string; since: string | null; limit: number; afterKey: string | null },
      ) => indicators.warningPagesByStreets(streets, since, limit, afterKey),
      (row) => row.streetCode,
    ),
    warningTotalByStreet: countLoaderByArguments(
      'streetCode',
      (streets, { since }: { streetCode: string; since: string | null }) =>
        indicators.warningTotalsByStreets(streets, since),
      (row) => row.streetCode,
    ),
  };
}

export type EnterpriseLoaders = ReturnType<typeof createEnterpriseLoaders>;
export type { EnterpriseStatus };
