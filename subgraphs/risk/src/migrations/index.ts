import { outboxMigration, type Migration } from '@cityhub/kit';
import * as casesAndModels from './20261122040100_cases_and_models.js';
import * as runsAndAssessments from './20261122040200_runs_and_assessments.js';
import * as housingAndCredit from './20261122040300_housing_and_credit.js';
import * as imports from './20261130100100_imports.js';
import * as assessmentsByDistrict from './20261130110000_assessments_by_district.js';
import * as feeds from './20261130150000_feeds.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  casesAndModels,
  runsAndAssessments,
  housingAndCredit,
  outboxMigration('20261130050000_event_outbox'),
  imports,
  assessmentsByDistrict,
  feeds,
];
