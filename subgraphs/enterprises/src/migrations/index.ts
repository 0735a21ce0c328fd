import { outboxMigration, type Migration } from '@cityhub/kit';
import * as registry from './20261122010100_registry_and_filings.js';
import * as shops from './20261122010200_shops_and_indicators.js';
import * as shardedCounts from './20261122010300_sharded_registration_counts.js';
import * as notices from './20261130060100_notices.js';
import * as streetSnapshots from './20261130070100_street_snapshots.js';
import * as imports from './20261130100100_imports.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  registry,
  shops,
  shardedCounts,
  outboxMigration('20261130050000_event_outbox'),
  notices,
  streetSnapshots,
  imports,
];
