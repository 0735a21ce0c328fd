import type { Migration } from '@cityhub/kit';
import * as apiKeys from './20261122002000_api_keys.js';

/** The gateway's own schema (`gateway`): integrators' keys and registered operations. */
export const gatewayMigrations: Migration[] = [apiKeys];
