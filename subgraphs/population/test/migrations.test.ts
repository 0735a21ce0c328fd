import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: [
    'arrivals',
    'communities',
    'community_boundaries',
    'community_counts',
    'districts',
    'health_code_snapshots',
    'key_regions',
    'origin_regions',
    'residents',
    'seed_runs',
    'streets',
  ],
});
