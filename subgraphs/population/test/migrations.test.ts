import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: [
    'arrivals',
    'communities',
    'community_counts',
    'districts',
    'key_regions',
    'origin_regions',
    'residents',
    'seed_runs',
    'streets',
  ],
});
