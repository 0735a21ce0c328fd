import { outboxMigration, type Migration } from '@cityhub/kit';
import * as stations from './20261122010100_stations.js';
import * as checkpoints from './20261122010200_checkpoints.js';
import * as peopleLookup from './20261122010300_people_lookup.js';
import * as staffingAlerts from './20261130060100_staffing_alerts.js';
import * as imports from './20261130100100_imports.js';
import * as checkpointPassageFeed from './20261130120000_checkpoint_passage_feed.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  stations,
  checkpoints,
  peopleLookup,
  outboxMigration('20261130060000_event_outbox'),
  staffingAlerts,
  imports,
  checkpointPassageFeed,
];
