import DataLoader from 'dataloader';
import { groupLoader, groupLoaderByArguments, rowLoader, rowLoaderByArguments } from '@cityhub/kit';
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
    assessmentByCommunity: rowLoaderByArguments(
      'code',
      (codes, { date }: DatedKey) => assessments.byCommunities(date, codes),
      (row) => row.communityCode,
    ),
    historyByCommunity: groupLoaderByArguments(
      'code',
      (codes, { from, to }: HistoryKey) => assessments.historyOf(codes, from, to),
      (row) => row.communityCode,
    ),
    levelCountsByStreet: rowLoaderByArguments(
      'code',
      (codes, { date }: DatedKey) => assessments.levelCountsByStreets(date, codes),
      (row) => row.key,
    ),
    assessmentsByStreet: groupLoaderByArguments(
      'code',
      (codes, { date, level }: StreetLevelKey) => assessments.byStreetsAndLevel(date, codes, level),
      (row) => row.streetCode,
    ),
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
