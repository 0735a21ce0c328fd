import { outboxMigration, type Migration } from '@cityhub/kit';
import * as workOrders from './20261130080100_work_orders.js';
import * as imports from './20261130100100_imports.js';

/** In order of application; a new migration is a new file added at the end. */
export const migrations: Migration[] = [
  workOrders,
  outboxMigration('20261130080000_event_outbox'),
  imports,
];
