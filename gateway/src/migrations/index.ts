import type { Migration } from '@cityhub/kit';
import * as apiKeys from './20261122002000_api_keys.js';
import * as trustedDocuments from './20261130040000_trusted_documents.js';
import * as apiKeyUsage from './20261130060000_api_key_usage.js';
import * as exportJobs from './20261130100000_export_jobs.js';

/** The gateway's own schema (`gateway`): integrators' keys, their trusted documents, export jobs. */
export const gatewayMigrations: Migration[] = [apiKeys, trustedDocuments, apiKeyUsage, exportJobs];
