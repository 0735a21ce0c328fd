import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: [
    'api_key_changes',
    'api_key_usage',
    'api_keys',
    'export_chunks',
    'export_jobs',
    'trusted_documents',
  ],
});
