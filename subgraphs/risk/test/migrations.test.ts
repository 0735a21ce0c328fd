import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: [
    'case_reports',
    'community_housing',
    'dwelling_readings',
    'dwellings',
    'enterprise_credit',
    'event_outbox',
    'group_rental_flags',
    'risk_assessments',
    'risk_models',
    'risk_runs',
    'seed_runs',
  ],
});
