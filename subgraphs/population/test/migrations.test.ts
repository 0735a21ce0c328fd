import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: [
    'arrivals',
    'communities',
    'community_boundaries',
    'community_counts',
    'districts',
    'health_code_changes',
    'health_code_feed_rejections',
    'health_code_snapshots',
    'health_registrations',
    'import_jobs',
    'import_rejections',
    'import_stage_residents',
    'key_region_changes',
    'key_regions',
    'origin_regions',
    'residents',
    'seed_runs',
    'streets',
  ],
});
