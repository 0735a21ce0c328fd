import DataLoader from 'dataloader';
import { groupBy, groupLoader, objectKeyedLoader, rowLoader } from '@cityhub/kit';
import type { AssessmentStore } from './repositories/assessment-store.js';
import type { CaseReportStore } from './repositories/case-report-store.js';
import type { CreditStore } from './repositories/credit-store.js';
import type { HousingStore } from './repositories/housing-store.js';
import type { ModelStore } from './repositories/model-store.js';
import type { RunStore } from './repositories/run-store.js';
import type { DbAssessmentRow, LevelCounts } from './repositories/rows.js';

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

interface Stores {
  assessments: AssessmentStore;
  caseReports: CaseReportStore;
  credit: CreditStore;
  housing: HousingStore;
  models: ModelStore;
  runs: RunStore;
}

/** Per-request loaders: each batch is one statement per distinct date (or window), whatever the number of keys. */
export function createRiskLoaders({
  assessments,
  caseReports,
  credit,
  housing,
  models,
  runs,
}: Stores) {
  return {
    /** The latest assessed date on or before a date ('' for no bound): asked by every field without a date. */
    latestDate: new DataLoader<string, string | null>(async (bounds) =>
      Promise.all(bounds.map((bound) => assessments.latestDate(bound || null))),
    ),
    assessmentByCommunity: objectKeyedLoader<DatedKey, DbAssessmentRow | null>(async (keys) => {
      const found = new Map<string, DbAssessmentRow>();
      for (const [date, group] of groupBy(keys, (key) => key.date)) {
        for (const row of await assessments.byCommunities(
          date,
          group.map((key) => key.code),
        ))
          found.set(`${date}|${row.community_code}`, row);
      }
      return keys.map((key) => found.get(`${key.date}|${key.code}`) ?? null);
    }),
    historyByCommunity: objectKeyedLoader<HistoryKey, DbAssessmentRow[]>(async (keys) => {
      const found = new Map<string, DbAssessmentRow[]>();
      for (const [window, group] of groupBy(keys, (key) => `${key.from}|${key.to}`)) {
        for (const row of await assessments.historyOf(
          group.map((key) => key.code),
          group[0]!.from,
          group[0]!.to,
        )) {
          const key = `${window}|${row.community_code}`;
          found.set(key, [...(found.get(key) ?? []), row]);
        }
      }
      return keys.map((key) => found.get(`${key.from}|${key.to}|${key.code}`) ?? []);
    }),
    levelCountsByStreet: objectKeyedLoader<DatedKey, LevelCounts | null>(async (keys) => {
      const found = new Map<string, LevelCounts>();
      for (const [date, group] of groupBy(keys, (key) => key.date)) {
        for (const row of await assessments.levelCountsByStreets(
          date,
          group.map((key) => key.code),
        ))
          found.set(`${date}|${row.key}`, row);
      }
      return keys.map((key) => found.get(`${key.date}|${key.code}`) ?? null);
    }),
    assessmentsByStreet: objectKeyedLoader<StreetLevelKey, DbAssessmentRow[]>(async (keys) => {
      const found = new Map<string, DbAssessmentRow[]>();
      for (const [args, group] of groupBy(keys, (key) => `${key.date}|${key.level ?? ''}`)) {
        for (const row of await assessments.byStreetsAndLevel(
          group[0]!.date,
          group.map((key) => key.code),
          group[0]!.level,
        )) {
          const key = `${args}|${row.street_code}`;
          found.set(key, [...(found.get(key) ?? []), row]);
        }
      }
      return keys.map((key) => found.get(`${key.date}|${key.level ?? ''}|${key.code}`) ?? []);
    }),
    modelByVersion: rowLoader(
      (versions: readonly number[]) => models.byVersions(versions),
      (row) => row.version,
    ),
    runById: rowLoader(
      (ids: readonly number[]) => runs.byIds(ids),
      (row) => Number(row.id),
    ),
    caseReportsByPerson: groupLoader(
      (ids: readonly string[]) => caseReports.byPeople(ids),
      (row) => row.person_id,
    ),
    dwellingById: rowLoader(
      (ids: readonly number[]) => housing.dwellingsByIds(ids),
      (row) => Number(row.id),
    ),
    readingsByDwelling: groupLoader(
      (ids: readonly number[]) => housing.readingsByDwellings(ids),
      (row) => Number(row.dwelling_id),
    ),
    flagById: rowLoader(
      (ids: readonly number[]) => housing.flagsByIds(ids),
      (row) => Number(row.id),
    ),
    creditByCode: rowLoader(
      (codes: readonly string[]) => credit.byCreditCodes(codes),
      (row) => row.credit_code,
    ),
  };
}

export type RiskLoaders = ReturnType<typeof createRiskLoaders>;
