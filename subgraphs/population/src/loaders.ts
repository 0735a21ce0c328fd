import DataLoader from 'dataloader';
import { groupBy, groupLoader, objectKeyedLoader, pushTo, rowLoader } from '@cityhub/kit';
import type { GeographyStore } from './repositories/geography-store.js';
import type { ResidentStore } from './repositories/resident-store.js';
import type { DbCommunityRow, HealthCounts } from './repositories/rows.js';

const NO_RESIDENTS: HealthCounts = { residents: 0, green: 0, yellow: 0, red: 0 };

export interface CommunityPageKey {
  streetCode: string;
  limit: number;
  afterKey: string | null;
}

export interface AreaWindowKey {
  code: string;
  from: string;
  to: string;
}

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createPopulationLoaders(geography: GeographyStore, residents: ResidentStore) {
  const loaders = {
    districtByCode: rowLoader(
      (codes: readonly string[]) => geography.districtsByCodes(codes),
      (row) => row.code,
    ),
    streetByCode: rowLoader(
      (codes: readonly string[]) => geography.streetsByCodes(codes),
      (row) => row.code,
    ),
    streetsByDistrict: groupLoader(
      (codes: readonly string[]) => geography.streetsByDistricts(codes),
      (row) => row.district_code,
    ),
    communityByCode: rowLoader(
      (codes: readonly string[]) => geography.communitiesByCodes(codes),
      (row) => row.code,
    ),
    communityPage: objectKeyedLoader<CommunityPageKey, DbCommunityRow[]>(async (keys) => {
      // Streets asked for with the same page arguments share one statement.
      const pages = new Map<string, DbCommunityRow[]>();
      for (const [argsKey, group] of groupBy(keys, (key) => `${key.limit}|${key.afterKey ?? ''}`)) {
        const first = group[0]!;
        const rows = await geography.communityPagesByStreets(
          group.map((key) => key.streetCode),
          first.limit,
          first.afterKey,
        );
        for (const row of rows) pushTo(pages, `${argsKey}|${row.street_code}`, row);
      }
      return keys.map(
        (key) => pages.get(`${key.limit}|${key.afterKey ?? ''}|${key.streetCode}`) ?? [],
      );
    }),
    communityTotalByStreet: new DataLoader<string, number>(async (codes) => {
      const totals = new Map(
        (await geography.communityTotalsByStreets(codes)).map((row) => [
          row.street_code,
          Number(row.total),
        ]),
      );
      return codes.map((code) => totals.get(code) ?? 0);
    }),
    healthCountsByStreet: countsLoader((codes) => geography.healthCountsByStreets(codes)),
    healthCountsByDistrict: countsLoader((codes) => geography.healthCountsByDistricts(codes)),
    regionName: new DataLoader<string, string | null>(async (codes) => {
      const names = new Map(
        (await geography.regionNames(codes)).map((row) => [row.code, row.name]),
      );
      return codes.map((code) => names.get(code) ?? null);
    }),
    personById: rowLoader(
      (ids: readonly string[]) => residents.residentsByIds(ids),
      (row) => row.id,
    ),
    personByIdNumber: rowLoader(
      (idNumbers: readonly string[]) => residents.residentsByIdNumbers(idNumbers),
      (row) => row.id_number,
    ),
    arrivalsByPerson: groupLoader(
      (ids: readonly string[]) => residents.arrivalsByPeople(ids),
      (row) => row.person_id,
    ),
    arrivalCountByCommunity: windowCountLoader((codes, from, to) =>
      residents.arrivalCountsBy('community_code', codes, from, to),
    ),
    arrivalCountByStreet: windowCountLoader((codes, from, to) =>
      residents.arrivalCountsBy('street_code', codes, from, to),
    ),
    arrivalCountByDistrict: windowCountLoader((codes, from, to) =>
      residents.arrivalCountsByDistricts(codes, from, to),
    ),
    residentCountAgedByCommunity: objectKeyedLoader<
      { code: string; bornOnOrBefore: string },
      number
    >(async (keys) => {
      const totals = new Map<string, number>();
      for (const [date, group] of groupBy(keys, (key) => key.bornOnOrBefore)) {
        for (const row of await residents.bornOnOrBeforeByCommunities(
          group.map((key) => key.code),
          date,
        ))
          totals.set(`${date}|${row.key}`, Number(row.total));
      }
      return keys.map((key) => totals.get(`${key.bornOnOrBefore}|${key.code}`) ?? 0);
    }),
    keyRegions: new DataLoader<'all', Array<{ prefix: string; name: string }>>(async (keys) => {
      const regions = await geography.keyRegions();
      return keys.map(() => regions);
    }),
  };
  return loaders;
}

export type PopulationLoaders = ReturnType<typeof createPopulationLoaders>;

function countsLoader(
  fetch: (codes: readonly string[]) => Promise<Array<HealthCounts & { key: string }>>,
) {
  return new DataLoader<string, HealthCounts>(async (codes) => {
    const byCode = new Map((await fetch(codes)).map((row) => [row.key, row]));
    return codes.map((code) => {
      const row = byCode.get(code);
      return row
        ? {
            residents: Number(row.residents),
            green: Number(row.green),
            yellow: Number(row.yellow),
            red: Number(row.red),
          }
        : NO_RESIDENTS;
    });
  });
}

function windowCountLoader(
  fetch: (
    codes: readonly string[],
    from: string,
    to: string,
  ) => Promise<Array<{ key: string; total: number }>>,
) {
  return objectKeyedLoader<AreaWindowKey, number>(async (keys) => {
    const totals = new Map<string, number>();
    for (const [window, group] of groupBy(keys, (key) => `${key.from}|${key.to}`)) {
      const rows = await fetch(
        group.map((key) => key.code),
        group[0]!.from,
        group[0]!.to,
      );
      for (const row of rows) totals.set(`${window}|${row.key}`, Number(row.total));
    }
    return keys.map((key) => totals.get(`${key.from}|${key.to}|${key.code}`) ?? 0);
  });
}
