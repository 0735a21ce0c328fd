import { outboxMigration, type Migration } from '@cityhub/kit';
import * as sites from './20261122000100_sites.js';
import * as dailyReports from './20261122000200_daily_reports.js';
import * as missingReports from './20261130060100_missing_reports.js';
import * as streetSiteSnapshots from './20261130070100_street_site_snapshots.js';
import * as imports from './20261130100100_imports.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  sites,
  dailyReports,
  outboxMigration('20261130050000_event_outbox'),
  missingReports,
  streetSiteSnapshots,
  imports,
];
