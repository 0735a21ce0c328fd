import {
  countLoaderByArguments,
  groupLoader,
  groupLoaderByArguments,
  once,
  rowLoader,
  rowLoaderOr,
} from '@cityhub/kit';
import type { GeographyStore } from './repositories/geography-store.js';
import type { ResidentStore } from './repositories/resident-store.js';

// The counts of an area nobody lives in: such areas have no counts row.
const NO_RESIDENTS = { key: '', residents: 0, green: 0, yellow: 0, red: 0 };

export interface CommunityPageKey {
  streetCode: string;
  limit: number;
  afterKey: string | null;
}

/** An area and a window of dates, both ends included. */
export interface AreaWindowKey {
  code: string;
  from: string;
  to: string;
}

/** Per-request loaders: each batch is one statement, whatever the number of keys. */
export function createPopulationLoaders(geography: GeographyStore, residents: ResidentStore) {
  return {
    allDistricts: once(() => geography.allDistricts()),
    keyRegions: once(() => geography.keyRegions()),
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
      (row) => row.districtCode,
    ),
    communityByCode: rowLoader(
      (codes: readonly string[]) => geography.communitiesByCodes(codes),
      (row) => row.code,
    ),
    // Streets asked for with the same page arguments share one statement.
    communityPage: groupLoaderByArguments(
      'streetCode',
      (streets, page: CommunityPageKey) =>
        geography.communityPagesByStreets(streets, page.limit, page.afterKey),
      (row) => row.streetCode,
    ),
    communityTotalByStreet: rowLoaderOr(
      (codes: readonly string[]) => geography.communityTotalsByStreets(codes),
      (row) => row.key,
      () => ({ key: '', total: 0 }),
    ),
    healthCountsByStreet: rowLoaderOr(
      (codes: readonly string[]) => geography.healthCountsByStreets(codes),
      (row) => row.key,
      () => NO_RESIDENTS,
    ),
    healthCountsByDistrict: rowLoaderOr(
      (codes: readonly string[]) => geography.healthCountsByDistricts(codes),
      (row) => row.key,
      () => NO_RESIDENTS,
    ),
    regionByCode: rowLoader(
      (codes: readonly string[]) => geography.regionNames(codes),
      (row) => row.code,
    ),
    personById: rowLoader(
      (ids: readonly string[]) => residents.residentsByIds(ids),
      (row) => row.id,
    ),
    personByIdNumber: rowLoader(
      (idNumbers: readonly string[]) => residents.residentsByIdNumbers(idNumbers),
      (row) => row.idNumber,
    ),
    arrivalsByPerson: groupLoader(
      (ids: readonly string[]) => residents.arrivalsByPeople(ids),
      (row) => row.personId,
    ),
    arrivalCountByCommunity: countLoaderByArguments(
      'code',
      (codes, window: AreaWindowKey) =>
        residents.arrivalCountsBy('community_code', codes, window.from, window.to),
      (row) => row.key,
    ),
    arrivalCountByStreet: countLoaderByArguments(
      'code',
      (codes, window: AreaWindowKey) =>
        residents.arrivalCountsBy('street_code', codes, window.from, window.to),
      (row) => row.key,
    ),
    arrivalCountByDistrict: countLoaderByArguments(
      'code',
      (codes, window: AreaWindowKey) =>
        residents.arrivalCountsByDistricts(codes, window.from, window.to),
      (row) => row.key,
    ),
    residentCountAgedByCommunity: countLoaderByArguments(
      'code',
      (codes, { bornOnOrBefore }: { code: string; bornOnOrBefore: string }) =>
        residents.bornOnOrBeforeByCommunities(codes, bornOnOrBefore),
      (row) => row.key,
    ),
  };
}

export type PopulationLoaders = ReturnType<typeof createPopulationLoaders>;
