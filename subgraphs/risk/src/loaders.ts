import DataLoader from 'dataloader';
import { groupLoader, groupLoaderByBatch, rowLoader, rowLoaderByBatch } from '@cityhub/kit';
import type { RiskStores } from './context.js';

export interface DatedKey {
  code: string;
  date: string;
}

export interface StreetLevelKey {
  code: string;
  date: string;
  level: string | null;
}

export interface HistoryKey {
  code: string;
  from: string;
  to: string;
}

const codeOf = (key: { code: string }) => key.code;
const dateOf = (key: DatedKey) => key.date;

/** Per-request loaders: each batch is one statement per distinct date (or window), whatever the number of keys. */
export function createRiskLoaders({
  assessments,
  caseReports,
  credit,
  housing,
  models,
  runs,
}: RiskStores) {
  return {
    /** The latest assessed date on or before a date ('' for no bound): asked by every field without a date. */
    latestDate: new DataLoader<string, string | null>(async (bounds) =>
      Promise.all(bounds.map((bound) => assessments.latestDate(bound || null))),
    ),
    assessmentByCommunity: rowLoaderByBatch({
      argumentsOf: dateOf,
      codeOf,
      fetch: (keys: DatedKey[]) => assessments.byCommunities(keys[0]!.date, keys.map(codeOf)),
      rowCodeOf: (row) => row.communityCode,
    }),
    historyByCommunity: groupLoaderByBatch({
      argumentsOf: (key: HistoryKey) => `${key.from}|${key.to}`,
      codeOf,
      fetch: (keys: HistoryKey[]) =>
        assessments.historyOf(keys.map(codeOf), keys[0]!.from, keys[0]!.to),
      rowCodeOf: (row) => row.communityCode,
    }),
    levelCountsByStreet: rowLoaderByBatch({
      argumentsOf: dateOf,
      codeOf,
      fetch: (keys: DatedKey[]) =>
        assessments.levelCountsByStreets(keys[0]!.date, keys.map(codeOf)),
      rowCodeOf: (row) => row.key,
    }),
    assessmentsByStreet: groupLoaderByBatch({
      argumentsOf: (key: StreetLevelKey) => `${key.date}|${key.level ?? ''}`,
      codeOf,
      fetch: (keys: StreetLevelKey[]) =>
        assessments.byStreetsAndLevel(keys[0]!.date, keys.map(codeOf), keys[0]!.level),
      rowCodeOf: (row) => row.streetCode,
    }),
    modelByVersion: rowLoader(
      (versions: readonly number[]) => models.byVersions(versions),
      (row) => row.version,
    ),
    runById: rowLoader(
      (ids: readonly number[]) => runs.byIds(ids),
      (row) => row.id,
    ),
    caseReportsByPerson: groupLoader(
      (ids: readonly string[]) => caseReports.byPeople(ids),
      (row) => row.personId,
    ),
    dwellingById: rowLoader(
      (ids: readonly number[]) => housing.dwellingsByIds(ids),
      (row) => row.id,
    ),
    readingsByDwelling: groupLoader(
      (ids: readonly number[]) => housing.readingsByDwellings(ids),
      (row) => row.dwellingId,
    ),
    flagById: rowLoader(
      (ids: readonly number[]) => housing.flagsByIds(ids),
      (row) => row.id,
    ),
    creditByCode: rowLoader(
      (codes: readonly string[]) => credit.byCreditCodes(codes),
      (row) => row.creditCode,
    ),
  };
}

export type RiskLoaders = ReturnType<typeof createRiskLoaders>;
