import { describeMigrations } from '../../../test/support/department.js';
import { subgraph } from '../src/index.js';

describeMigrations(subgraph, {
  tables: ['event_log', 'webhook_deliveries', 'webhook_subscriptions'],
});
