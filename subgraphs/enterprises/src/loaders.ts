import DataLoader from 'dataloader';
import { groupBy, groupLoader, objectKeyedLoader, pushTo, rowLoader } from '@cityhub/kit';
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

const NO_FILINGS = {
  open: 0,
  submitted: 0,
  approved: 0,
  rejected: 0,
  registrations_pending: 0,
  registrations_approved: 0,
  resumed_enterprises: 0,
};
const NO_REGISTRATIONS: RegistrationCountsRow = { pending: 0, approved: 0, rejected: 0, total: 0 };

/**
 * A loader of one page per parent: parents asked with the same page arguments share one statement
 * (a lateral join over the parents), whatever their number.
 */
function pageLoader<F extends string, K extends { [field in F]: string | number }, R>(
  parentField: F,
  fetch: (parents: Array<K[F]>, args: K) => Promise<R[]>,
  parentOf: (row: R) => unknown,
) {
  const argsOf = (key: K) => JSON.stringify({ ...key, [parentField]: null });
  return objectKeyedLoader<K, R[]>(async (keys) => {
    const pages = new Map<string, R[]>();
    for (const [args, group] of groupBy(keys, argsOf)) {
      const rows = await fetch(
        group.map((key) => key[parentField]),
        group[0]!,
      );
      for (const row of rows) pushTo(pages, `${args}|${String(parentOf(row))}`, row);
    }
    return keys.map((key) => pages.get(`${argsOf(key)}|${String(key[parentField])}`) ?? []);
  });
}

/** Counts per key, with a default for keys without rows. */
function countLoader<K, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
  empty: R,
) {
  return new DataLoader<K, R>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? empty);
  });
}

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
      (row) => row.credit_code,
    ),
    enterprisesByRepresentative: groupLoader(
      (ids: readonly string[]) => enterprises.enterprisesByRepresentatives(ids),
      (row) => row.legal_rep_person_id,
    ),
    enterprisePageByStreet: pageLoader(
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
      (row) => row.street_code,
    ),
    enterpriseTotalByStreet: objectKeyedLoader<
      { streetCode: string; filter: StreetEnterpriseFilter },
      number
    >(async (keys) => {
      const totals = new Map<string, number>();
      for (const [filter, group] of groupBy(keys, (key) => JSON.stringify(key.filter))) {
        const rows = await enterprises.enterpriseTotalsByStreets(
          group.map((key) => key.streetCode),
          group[0]!.filter,
        );
        for (const row of rows) totals.set(`${filter}|${row.street_code}`, Number(row.total));
      }
      return keys.map((key) => totals.get(`${JSON.stringify(key.filter)}|${key.streetCode}`) ?? 0);
    }),
    enterpriseCountsByStreet: countLoader(
      (codes: readonly string[]) => enterprises.enterpriseCountsByStreets(codes),
      (row) => row.key,
      { key: '', total: 0, operating: 0 },
    ),
    filingById: rowLoader(
      (ids: readonly number[]) => filings.filingsByIds(ids),
      (row) => Number(row.id),
    ),
    filingByCode: rowLoader(
      (codes: readonly string[]) => filings.filingsByCodes(codes),
      (row) => row.code,
    ),
    filingsByEnterprise: groupLoader(
      (codes: readonly string[]) => filings.filingsByEnterprises(codes),
      (row) => row.credit_code,
    ),
    filingCountsByEnterprise: countLoader(
      (codes: readonly string[]) => filings.filingCountsBy('credit_code', codes),
      (row) => row.key,
      { key: '', ...NO_FILINGS } as FilingCountsRow,
    ),
    filingCountsByStreet: countLoader(
      (codes: readonly string[]) => filings.filingCountsBy('street_code', codes),
      (row) => row.key,
      { key: '', ...NO_FILINGS } as FilingCountsRow,
    ),
    registrationPage: pageLoader(
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
      (row) => row.filing_id,
    ),
    registrationCountsByFiling: countLoader(
      (ids: readonly number[]) => filings.registrationCountsByFilings(ids),
      (row) => Number(row.filing_id),
      { filing_id: 0, ...NO_REGISTRATIONS },
    ),
    eventsByFiling: groupLoader(
      (ids: readonly number[]) => filings.eventsByFilings(ids),
      (row) => Number(row.filing_id),
    ),
    shopById: rowLoader(
      (ids: readonly number[]) => shops.shopsByIds(ids),
      (row) => Number(row.id),
    ),
    shopByStaffCode: rowLoader(
      (codes: readonly string[]) => shops.shopsByStaffCodes(codes),
      (row) => row.staff_code,
    ),
    shopsByEnterprise: groupLoader(
      (codes: readonly string[]) => shops.shopsByEnterprises(codes),
      (row) => row.credit_code ?? '',
    ),
    shopPageByStreet: pageLoader(
      'streetCode',
      (
        streets,
        { limit, afterId }: { streetCode: string; limit: number; afterId: number | null },
      ) => shops.shopPagesByStreets(streets, limit, afterId),
      (row) => row.street_code,
    ),
    staffByShop: groupLoader(
      (ids: readonly number[]) => shops.staffByShops(ids),
      (row) => Number(row.shop_id),
    ),
    staffCountsByShop: countLoader(
      (ids: readonly number[]) => shops.staffCountsByShops(ids),
      (row) => Number(row.shop_id),
      { shop_id: 0, ...NO_REGISTRATIONS },
    ),
    shopCountsByStreet: countLoader(
      (codes: readonly string[]) => shops.shopCountsByStreets(codes),
      (row) => row.key,
      { key: '', shops: 0, staff_registered: 0, staff_approved: 0 },
    ),
    indicatorsByEnterprise: pageLoader(
      'creditCode',
      (codes, { months }: { creditCode: string; months: number }) =>
        indicators.latestByEnterprises(codes, months),
      (row) => row.credit_code,
    ),
    warningsByEnterprise: groupLoader(
      (codes: readonly string[]) => indicators.warningsByEnterprises(codes),
      (row) => row.credit_code,
    ),
    warningCountSince: objectKeyedLoader<{ creditCode: string; since: string }, number>(
      async (keys) => {
        const totals = new Map<string, number>();
        for (const [since, group] of groupBy(keys, (key) => key.since)) {
          for (const row of await indicators.warningCountsSince(
            group.map((key) => key.creditCode),
            since,
          ))
            totals.set(`${since}|${row.credit_code}`, Number(row.total));
        }
        return keys.map((key) => totals.get(`${key.since}|${key.creditCode}`) ?? 0);
      },
    ),
    warningPageByStreet: pageLoader(
      'streetCode',
      (
        streets,
        {
          since,
          limit,
          afterKey,
        }: { streetCode: string; since: string | null; limit: number; afterKey: string | null },
      ) => indicators.warningPagesByStreets(streets, since, limit, afterKey),
      (row) => row.street_code,
    ),
    warningTotalByStreet: objectKeyedLoader<{ streetCode: string; since: string | null }, number>(
      async (keys) => {
        const totals = new Map<string, number>();
        for (const [since, group] of groupBy(keys, (key) => key.since ?? '')) {
          for (const row of await indicators.warningTotalsByStreets(
            group.map((key) => key.streetCode),
            since || null,
          ))
            totals.set(`${since}|${row.street_code}`, Number(row.total));
        }
        return keys.map((key) => totals.get(`${key.since ?? ''}|${key.streetCode}`) ?? 0);
      },
    ),
  };
}

export type EnterpriseLoaders = ReturnType<typeof createEnterpriseLoaders>;
export type { EnterpriseStatus };
