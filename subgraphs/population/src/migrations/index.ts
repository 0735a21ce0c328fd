import type { Migration } from '@cityhub/kit';
import * as geography from './20261122000100_geography.js';
import * as residents from './20261122000200_residents.js';
import * as communityBoundaries from './20261130080100_community_boundaries.js';
import * as residentListing from './20261130090000_resident_listing.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [geography, residents, communityBoundaries, residentListing];
