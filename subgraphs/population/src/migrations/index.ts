import type { Migration } from '@cityhub/kit';
import * as geography from './20261122000100_geography.js';
import * as residents from './20261122000200_residents.js';
import * as imports from './20261130000100_imports.js';
import * as healthCodeChanges from './20261130000200_health_code_changes.js';
import * as registrations from './20261130000300_registrations.js';
import * as healthCodeSnapshots from './20261130070100_health_code_snapshots.js';
import * as communityBoundaries from './20261130080100_community_boundaries.js';
import * as residentListing from './20261130090000_resident_listing.js';
import * as snapshotsByDistrict from './20261130110000_snapshots_by_district.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  geography,
  residents,
  imports,
  healthCodeChanges,
  registrations,
  healthCodeSnapshots,
  communityBoundaries,
  residentListing,
  snapshotsByDistrict,
];
